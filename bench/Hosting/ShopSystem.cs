using Shop.Integration.Tests.Postgres;
using Shop.Tests.Shared;

namespace Shop.Bench.Hosting;

/// <summary>
/// The system under test, started the way run.sh starts it: fresh development credentials, one
/// silo process and the gateway process on free loopback ports, mutual TLS and the authorization
/// policy on; in durable mode a throwaway PostgreSQL with one database per service.
/// </summary>
public sealed class ShopSystem : IAsyncDisposable
{
    public static readonly string[] Databases = ["Cluster", "Users", "Inventory", "Orders", "Notifications", "Analytics"];

    private readonly string _work;
    private readonly List<ManagedProcess> _processes = [];

    private ShopSystem(string work, bool durable)
    {
        _work = work;
        Durable = durable;
    }

    public bool Durable { get; }
    public string GatewayUrl { get; private set; } = "";
    public ManagedProcess Silo { get; private set; } = null!;
    public ManagedProcess Gateway { get; private set; } = null!;
    public PostgresServer? Postgres { get; private set; }

    public static string DatabaseName(string service) => $"shop_{service.ToLowerInvariant()}";

    public static async Task<ShopSystem> StartAsync(bool durable, string work, Action<string> say)
    {
        var system = new ShopSystem(work, durable);
        try
        {
            await system.Start(say);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task Start(Action<string> say)
    {
        var keys = Path.Combine(_work, "keys");
        var mail = Path.Combine(_work, "mail");
        Directory.CreateDirectory(mail);
        await RunToEnd(ManagedProcess.StartDotnet("dev-keys", RepositoryLayout.SiloDll, ["dev-keys", keys], Development, _work));

        var common = new Dictionary<string, string>(Development) { ["Shop:Tls:CaFile"] = Path.Combine(keys, "ca.pem") };
        if (Durable)
        {
            say("starting a throwaway PostgreSQL ...");
            Postgres = await PostgresServer.StartAsync();
            var server = Postgres;
            AbortCleanup.Register(server, () => server.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(30)));
            foreach (var db in Databases)
            {
                await Postgres.CreateDatabaseAsync(DatabaseName(db));
                common[$"ConnectionStrings:{db}"] = ConnectionString(db);
            }

            common["Shop:Persistence"] = "Postgres";
            await RunToEnd(ManagedProcess.StartDotnet("migrate", RepositoryLayout.SiloDll, ["migrate"], common, _work));
        }

        var siloHttp = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var silo = new Dictionary<string, string>(common)
        {
            ["Shop:Cluster:SiloPort"] = FreePort.Next().ToString(),
            ["Shop:Cluster:GatewayPort"] = gatewayPort.ToString(),
            ["Shop:Email:PickupDirectory"] = mail,
            ["Shop:Tls:CertificateFile"] = Path.Combine(keys, "silo.pem"),
            ["Shop:Tls:KeyFile"] = Path.Combine(keys, "silo.key.pem"),
            ["Shop:Authorization:TrustedKeys:gateway:PublicKeyFile"] = Path.Combine(keys, "gateway-identity.pub.pem"),
        };
        say("starting the silo ...");
        Silo = Track(ManagedProcess.StartDotnet("silo", RepositoryLayout.SiloDll, [$"--urls=http://127.0.0.1:{siloHttp}"], silo, _work));
        await Silo.WaitReadyAsync($"http://127.0.0.1:{siloHttp}/ready", TimeSpan.FromSeconds(120));

        var port = FreePort.Next();
        var gateway = new Dictionary<string, string>(common)
        {
            ["Shop:Cluster:GatewayPort"] = gatewayPort.ToString(),
            ["Shop:Tls:CertificateFile"] = Path.Combine(keys, "gateway.pem"),
            ["Shop:Tls:KeyFile"] = Path.Combine(keys, "gateway.key.pem"),
            ["Shop:ServiceIdentity:PrivateKeyFile"] = Path.Combine(keys, "gateway-identity.key.pem"),
        };
        foreach (var (key, value) in MeasuredNotRefusedLimits())
        {
            gateway[key] = value;
        }

        say("starting the gateway ...");
        GatewayUrl = $"http://127.0.0.1:{port}";
        Gateway = Track(ManagedProcess.StartDotnet("gateway", RepositoryLayout.GatewayDll, [$"--urls={GatewayUrl}"], gateway, _work));
        await Gateway.WaitReadyAsync($"{GatewayUrl}/ready", TimeSpan.FromSeconds(120));
    }

    /// <summary>The silo's own pool bound applies (ShopDatabases): the bench sets none.</summary>
    public string ConnectionString(string service) => Postgres!.ConnectionString(DatabaseName(service));

    /// <summary>
    /// Development environment (the development-only admin account exists), logs at Warning, and
    /// otherwise as in production.
    /// </summary>
    private static readonly Dictionary<string, string> Development = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["Logging:LogLevel:Default"] = "Warning",
        // Development turns the Orleans dashboard on; production does not (it profiles every call).
        ["Shop:Dashboard:Enabled"] = "false",
    };

    /// <summary>
    /// The rate limiter stays in the pipeline (its cost is measured) but with buckets so large that
    /// it never refuses: the load comes from one address and a few hundred users.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> MeasuredNotRefusedLimits() =>
        new[] { "PerCaller", "LoginPerIp", "RegistrationPerIp", "FailedLoginsPerEmail" }.SelectMany(bucket => new Dictionary<string, string>
        {
            [$"Shop:RateLimits:{bucket}:TokenLimit"] = "10000000",
            [$"Shop:RateLimits:{bucket}:TokensPerPeriod"] = "10000000",
            [$"Shop:RateLimits:{bucket}:ReplenishmentPeriod"] = "00:00:01",
        });

    private ManagedProcess Track(ManagedProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static async Task RunToEnd(ManagedProcess process)
    {
        await using (process)
        {
            await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Gateway first, then the silo, then the database.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }

        if (Postgres is not null)
        {
            AbortCleanup.Unregister(Postgres);
            await Postgres.DisposeAsync();
        }
    }
}
