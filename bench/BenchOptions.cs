namespace Shop.Bench;

/// <summary>What a bench run measures and how (the <c>run</c> command's options, see <see cref="CommandLine.RunCommand"/>).</summary>
public sealed record BenchOptions
{
    /// <summary>The default list ("all"), in the order they run.</summary>
    public static readonly string[] AllScenarios = ["baseline", "catalog", "me", "orders", "dashboard", "pgbench", "memory"];

    /// <summary>Every scenario, in the order they run: the default list, then those that run only when named (longer than a minute).</summary>
    public static readonly string[] KnownScenarios = [.. AllScenarios, "products", "overload"];

    public List<string> Scenarios { get; init; } = [];
    public bool Postgres { get; init; }
    public int Runs { get; init; } = 3;
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(15);
    public int Connections { get; init; } = 64;
    public int OrderConnections { get; init; } = 128;
    public double DashboardRate { get; init; } = 200;
    public int Skus { get; init; } = 1000;
    public int Users { get; init; } = 64;
    public int MemoryGrains { get; init; } = 100_000;
    public int Products { get; init; } = 100_000;
    public string Output { get; init; } = Path.Combine(RepositoryLayout.Root, "bench", "results");
    /// <summary>Silos and extra settings of the started system (not a command-line option: the soak sets it).</summary>
    public Hosting.SystemShape Shape { get; init; } = new();

    /// <summary>
    /// The scenarios a run measures, from those named: none or "all" is the default list, and with other
    /// names ("all products") it adds to them; pgbench only with PostgreSQL (the run command refuses it
    /// named without --postgres). Always in the documented order: orders before dashboard, so users have
    /// orders to show.
    /// </summary>
    public static List<string> Choose(IReadOnlyCollection<string> named, bool postgres)
    {
        List<string> chosen = named.Count == 0 || named.Contains("all") ? [.. AllScenarios, .. named] : [.. named];
        if (!postgres)
        {
            chosen.Remove("pgbench");
        }

        return [.. KnownScenarios.Where(chosen.Contains)];
    }
}
