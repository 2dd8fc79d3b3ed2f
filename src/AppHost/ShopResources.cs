using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Shop.AppHost;

/// <summary>The "AppHost" configuration section (see Program.cs for the keys).</summary>
public sealed record AppHostSettings(int Silos, bool Postgres, string? PostgresBin, string? PostgresData, int? GatewayPort)
{
    public const string Section = "AppHost";

    public static AppHostSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var silos = section.GetValue("Silos", 1);
        var postgres = section.GetValue("Postgres", false);
        if (silos is < 1 or > 99)
        {
            throw new InvalidOperationException($"{Section}:Silos must be 1 to 99 (was {silos}).");
        }

        if (silos > 1 && !postgres)
        {
            // As ./run.sh says: in embedded mode each silo would be a cluster of its own.
            throw new InvalidOperationException(
                $"{Section}:Silos={silos} needs {Section}:Postgres=true: silos find each other in the PostgreSQL membership table.");
        }

        var gatewayPort = section.GetValue<int?>("GatewayPort");
        return new AppHostSettings(silos, postgres, section["PostgresBin"], section["PostgresData"], gatewayPort);
    }
}

/// <summary>Where local state lives: the same git-ignored folders ./run.sh uses.</summary>
public sealed record ShopPaths(string Root)
{
    public string Data => Path.Combine(Root, ".data");
    public string Mail => Path.Combine(Data, "mail");
    public string Keys => Path.Combine(Root, ".dev-certs");
}

/// <summary>The files `Shop.Silo dev-keys DIR` writes (src/Silo/Hosting/DevelopmentKeys.cs).</summary>
public static class DevelopmentCredentials
{
    public const string Ca = "ca.pem";
    public const string IdentityPrivateKey = "gateway-identity.key.pem";
    public const string IdentityPublicKey = "gateway-identity.pub.pem";

    /// <summary>The same test ./run.sh makes before it writes new ones.</summary>
    public static bool Exist(string directory) =>
        File.Exists(Path.Combine(directory, Ca)) && File.Exists(Path.Combine(directory, IdentityPrivateKey));
}

/// <summary>A free TCP port on 127.0.0.1 (the Orleans ports and PostgreSQL's are not proxied).</summary>
public static class PortPicker
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class ShopResourceExtensions
{
    /// <summary>Development mode, as ./run.sh runs it (the gateway bootstraps the development admin only there).</summary>
    public static IResourceBuilder<ProjectResource> WithShopDevelopmentMode(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("DOTNET_ENVIRONMENT", "Development");

    /// <summary>
    /// The HTTP endpoint, behind Aspire's proxy, with the process listening on 127.0.0.1 only. Set as
    /// "Urls" rather than the ASPNETCORE_URLS Aspire sets: the processes' appsettings.json name their own
    /// Urls, which win over ASPNETCORE_-prefixed variables but not over plain ones.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLoopbackHttp(this IResourceBuilder<ProjectResource> project, int? port = null) =>
        project.WithHttpEndpoint(port: port, name: "http")
            .WithEnvironment(context =>
            {
                var http = ((IResourceWithEndpoints)context.Resource).GetEndpoint("http");
                context.EnvironmentVariables["Urls"] = ReferenceExpression.Create($"http://127.0.0.1:{http.Property(EndpointProperty.TargetPort)}");
            });

    /// <summary>
    /// Mutual TLS and the service identity, from the development credentials, exactly the variables
    /// ./run.sh exports; <paramref name="certificate"/> is "silo" or "gateway".
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithClusterCredentials(this IResourceBuilder<ProjectResource> project, ShopPaths paths, string certificate) =>
        project.WithEnvironment("Shop__Tls__CaFile", Path.Combine(paths.Keys, DevelopmentCredentials.Ca))
            .WithEnvironment("Shop__Tls__CertificateFile", Path.Combine(paths.Keys, $"{certificate}.pem"))
            .WithEnvironment("Shop__Tls__KeyFile", Path.Combine(paths.Keys, $"{certificate}.key.pem"))
            .WithEnvironment("Shop__Authorization__TrustedKeys__gateway__PublicKeyFile", Path.Combine(paths.Keys, DevelopmentCredentials.IdentityPublicKey))
            .WithEnvironment("Shop__ServiceIdentity__PrivateKeyFile", Path.Combine(paths.Keys, DevelopmentCredentials.IdentityPrivateKey));

    /// <summary>Durable mode's connection strings (ConnectionStrings:Cluster and one per service), as ./run.sh sets them.</summary>
    public static IResourceBuilder<ProjectResource> WithDatabases(this IResourceBuilder<ProjectResource> project, LocalPostgres postgres)
    {
        foreach (var database in LocalPostgres.Databases)
        {
            project.WithEnvironment($"ConnectionStrings__{database}", postgres.ConnectionString(database));
        }

        return project;
    }
}

/// <summary>
/// PostgreSQL as an executable resource from the installed server binaries (no container runtime
/// needed): a cluster under .data/aspire-postgres or AppHost:PostgresData (its own, so a
/// ./run.sh --postgres server under .data/postgres can run beside it), listening on 127.0.0.1 on a
/// free port, trust authentication for the local user "shop", as ./run.sh makes it.
/// </summary>
public sealed class LocalPostgres
{
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

    public static LocalPostgres Add(IDistributedApplicationBuilder builder, AppHostSettings settings, ShopPaths paths)
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
