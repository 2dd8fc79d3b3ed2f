using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shop.AppHost;

/// <summary>
/// PostgreSQL as an executable resource from the installed server binaries (no container runtime
/// needed): a cluster under .data/aspire-postgres or AppHost:PostgresData (its own, so a
/// ./run.sh --postgres server under .data/postgres can run beside it), listening on 127.0.0.1 on a
/// free port, trust authentication for the local user "shop", as ./run.sh makes it.
/// </summary>
public sealed class LocalPostgres
{
    /// <summary>
    /// The silo's ShopDatabases.Names, named again (the AppHost knows the silo only as a project to
    /// start); a missing one stops the silos of the durable AppHost test, which needs every one.
    /// </summary>
    public static readonly string[] Databases = ["Cluster", "Users", "Inventory", "Orders", "Notifications", "Analytics"];

    private LocalPostgres(IResourceBuilder<ExecutableResource> resource, int port)
    {
        Resource = resource;
        Port = port;
    }

    public IResourceBuilder<ExecutableResource> Resource { get; }
    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=shop;Database=shop_{database.ToLowerInvariant()}";

    public static LocalPostgres Add(IDistributedApplicationBuilder builder, AppHostOptions settings, ShopPaths paths)
    {
        var bin = settings.PostgresBin ?? FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (install Debian's 'postgresql' package, or set AppHost:PostgresBin to the folder of initdb and postgres).");
        var home = Path.GetFullPath(settings.PostgresData ?? Path.Combine(paths.Data, "aspire-postgres"));
        var data = Path.Combine(home, "data");
        Prepare(bin, home, data);

        var port = PortPicker.Free();
        string[] server = [Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-k", home];
        // The server refuses to run as root: as root it runs as the 'postgres' user. setpriv execs the
        // server itself (runuser would fork, and a stop that kills runuser could orphan the server).
        var (command, arguments) = Environment.IsPrivilegedProcess
            ? ("setpriv", (string[])["--reuid=postgres", "--regid=postgres", "--init-groups", "--", .. server])
            : (server[0], server[1..]);

        var check = "postgres-ready";
        builder.Services.AddHealthChecks().AddAsyncCheck(check, async token =>
            await Run(Path.Combine(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "shop"], token) == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("pg_isready: not accepting connections yet"));
        var resource = builder.AddExecutable("postgres", command, home, arguments)
            .WithEndpoint(port: port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(check);
        return new LocalPostgres(resource, port);
    }

    private static string? FindBin()
    {
        const string debian = "/usr/lib/postgresql";
        var installed = Directory.Exists(debian)
            ? Directory.GetDirectories(debian)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
            : [];
        return installed.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")));
    }

    /// <summary>initdb on first use; a server left running on the folder (an AppHost that was killed) is stopped.</summary>
    private static void Prepare(string bin, string home, string data)
    {
        Directory.CreateDirectory(home);
        if (Environment.IsPrivilegedProcess)
        {
            Check(Run("chown", ["postgres:postgres", home], CancellationToken.None).GetAwaiter().GetResult(), $"chown postgres {home}");
        }

        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            Check(AsPostgres(Path.Combine(bin, "initdb"), ["-D", data, "-U", "shop", "--auth=trust", "--encoding=UTF8"]), "initdb");
        }
        else if (File.Exists(Path.Combine(data, "postmaster.pid")) && AsPostgres(Path.Combine(bin, "pg_ctl"), ["-D", data, "status"]) == 0)
        {
            Check(AsPostgres(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]), "pg_ctl stop");
        }
    }

    private static int AsPostgres(string tool, string[] arguments) =>
        (Environment.IsPrivilegedProcess
            ? Run("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", tool, .. arguments], CancellationToken.None)
            : Run(tool, arguments, CancellationToken.None)).GetAwaiter().GetResult();

    private static void Check(int exitCode, string what)
    {
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed with exit code {exitCode}.");
        }
    }

    private static async Task<int> Run(string file, string[] arguments, CancellationToken token)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(token);
        var error = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }
}
