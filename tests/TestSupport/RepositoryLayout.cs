namespace Shop.TestSupport;

/// <summary>
/// Where the built silo, gateway and bench are: next to the running program's own build (same
/// configuration). Linked into the integration tests too.
/// </summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the folder name above the bench's net10.0 output folder.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string SiloDll => Built("src/Silo", "Shop.Silo.dll");
    public static string GatewayDll => Built("src/Gateway", "Shop.Gateway.dll");
    public static string BenchDll => Built("bench", "Shop.Bench.dll");

    /// <summary>The built program of the project in <paramref name="projectFolder"/> (relative to the repository root).</summary>
    private static string Built(string projectFolder, string dll)
    {
        var path = Path.Combine(Root, projectFolder, "bin", Configuration, "net10.0", dll);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: build the solution (or run the bench with dotnet run, which builds it) in {Configuration}.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Shop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orleans.Shop.sln not found above the running binaries.");
    }
}
