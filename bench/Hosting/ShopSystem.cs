using Shop.Silo.Hosting;

namespace Shop.Bench.Hosting;

/// <summary>
/// The system under test, started the way run.sh starts it: fresh development credentials, silo
/// processes and the gateway process on free loopback ports, mutual TLS and the authorization
/// policy on; in durable mode a throwaway PostgreSQL with one database per service. The chaos tool
/// kills and restarts its silos and its gateway.
/// </summary>
public sealed class ShopSystem : IAsyncDisposable
{
    /// <summary>Every connection string of durable mode, as the silo names them (one list, in ShopDatabases).</summary>
    public static IReadOnlyList<string> Databases => ShopDatabases.Names;

    private readonly string _work;
    private readonly SystemShape _shape;
    private readonly List<SiloSlot> _silos = [];
    private Dictionary<string, string> _gatewaySettings = [];
    private int _generation;

    private ShopSystem(string work, bool durable, SystemShape shape)
    {
        _work = work;
        Durable = durable;
        _shape = shape;
        MailDirectory = Path.Combine(work, "mail");
    }

    public bool Durable { get; }
    public string GatewayUrl { get; private set; } = "";
    public string MailDirectory { get; }
    public ManagedProcess Silo => _silos[0].Process!;
    public int SiloCount => _silos.Count;
    public ManagedProcess Gateway { get; private set; } = null!;
    public PostgresServer? Postgres { get; private set; }

    /// <summary>The silo processes running now (a killed silo is not among them until it is started again).</summary>
    public IEnumerable<ManagedProcess> RunningSilos => _silos.Select(s => s.Process).OfType<ManagedProcess>().Where(p => !p.HasExited);

    public static string DatabaseName(string service) => ShopDatabases.DefaultDatabaseName(service);

    public static async Task<ShopSystem> StartAsync(bool durable, string work, Action<string> say, SystemShape? shape = null)
    {
        shape ??= new SystemShape();
        if (shape.Silos > 1 && !durable)
        {
            throw new ArgumentException("Several silos need durable mode: they find each other in the membership table.");
        }

        var system = new ShopSystem(work, durable, shape);
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
        Directory.CreateDirectory(MailDirectory);
        await RunToEnd(ManagedProcess.StartDotnet("dev-keys", RepositoryLayout.SiloDll, ["dev-keys", keys], Development, _work));

        var common = new Dictionary<string, string>(Development) { ["Shop:Tls:CaFile"] = Path.Combine(keys, DevelopmentKeys.CaFile) };
        if (Durable)
        {
            say("starting a throwaway PostgreSQL ...");
            Postgres = await PostgresServer.StartAsync(_shape.Database);
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

        // The hoarding limits stay checked on every placement (their cost is measured) but never
        // refuse: a few hundred bench users order the same few products all run long.
        foreach (var (key, value) in LiftedOrderLimits.Settings)
        {
            common[key] = value!;
        }

        foreach (var (key, value) in _shape.Settings)
        {
            common[key] = value;
        }

        var firstGatewayPort = 0;
        for (var i = 0; i < _shape.Silos; i++)
        {
            var httpPort = FreePort.Next();
            var gatewayPort = FreePort.Next();
            var siloPort = FreePort.Next();
            firstGatewayPort = firstGatewayPort == 0 ? gatewayPort : firstGatewayPort;
            _silos.Add(new SiloSlot($"silo{i}", httpPort, siloPort, gatewayPort, new Dictionary<string, string>(common)
            {
                ["Shop:Cluster:SiloPort"] = siloPort.ToString(),
                ["Shop:Cluster:GatewayPort"] = gatewayPort.ToString(),
                ["Shop:Email:PickupDirectory"] = MailDirectory,
                ["Shop:Tls:CertificateFile"] = Path.Combine(keys, DevelopmentKeys.CertificateFile(DevelopmentKeys.Silo)),
                ["Shop:Tls:KeyFile"] = Path.Combine(keys, DevelopmentKeys.KeyFile(DevelopmentKeys.Silo)),
                ["Shop:Authorization:TrustedKeys:gateway:PublicKeyFile"] = Path.Combine(keys, DevelopmentKeys.PublicKeyFile),
            }));
        }

        say(_shape.Silos == 1 ? "starting the silo ..." : $"starting {_shape.Silos} silos ...");
        // The first silo alone (it seeds the demo catalog and creates the cluster), then the others together.
        await StartSiloAsync(0);
        await Task.WhenAll(Enumerable.Range(1, _shape.Silos - 1).Select(StartSiloAsync));

        // In durable mode the gateway finds the silos in the membership table; embedded, at the one silo's port.
        _gatewaySettings = new Dictionary<string, string>(common)
        {
            ["Shop:Cluster:GatewayPort"] = firstGatewayPort.ToString(),
            ["Shop:Tls:CertificateFile"] = Path.Combine(keys, DevelopmentKeys.CertificateFile(DevelopmentKeys.Gateway)),
            ["Shop:Tls:KeyFile"] = Path.Combine(keys, DevelopmentKeys.KeyFile(DevelopmentKeys.Gateway)),
            ["Shop:ServiceIdentity:PrivateKeyFile"] = Path.Combine(keys, DevelopmentKeys.PrivateKeyFile),
            // The bench's clients sign in once and keep their access token for the whole run (a soak is
            // longer than the default five minutes); they do not refresh. The per-call session check runs as in production.
            ["Shop:Auth:AccessTokenLifetime"] = "01:00:00",
        };
        if (_shape.GenerousRateLimits)
        {
            foreach (var (key, value) in MeasuredNotRefusedLimits())
            {
                _gatewaySettings[key] = value;
            }
        }

        say("starting the gateway ...");
        GatewayUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await StartGatewayAsync();
    }

    /// <summary>Starts silo <paramref name="index"/> (again, after a kill: same ports, new process) and waits until it is ready.</summary>
    public async Task StartSiloAsync(int index)
    {
        var slot = _silos[index];
        if (slot.Process is { HasExited: false })
        {
            throw new InvalidOperationException($"{slot.Name} is running.");
        }

        if (slot.Process is not null)
        {
            await slot.Process.DisposeAsync();
        }

        var generation = Interlocked.Increment(ref _generation);
        slot.Process = ManagedProcess.StartDotnet($"{slot.Name}-{generation}", RepositoryLayout.SiloDll,
            [$"--urls=http://127.0.0.1:{slot.HttpPort}"], slot.Settings, _work, _shape.SiloCgroup?.Invoke(index));
        await slot.Process.WaitReadyAsync($"http://127.0.0.1:{slot.HttpPort}/ready", TimeSpan.FromSeconds(120));
    }

    /// <summary>kill -9 of silo <paramref name="index"/>.</summary>
    public void KillSilo(int index) => _silos[index].Process?.Kill();

    /// <summary>The HTTP address of silo <paramref name="index"/> (/health, /ready, /metrics).</summary>
    public string SiloUrl(int index) => $"http://127.0.0.1:{_silos[index].HttpPort}";

    public bool SiloRunning(int index) => _silos[index].Process is { HasExited: false };

    /// <summary>Silo <paramref name="index"/>'s silo-to-silo port (the same across its restarts).</summary>
    public int SiloPort(int index) => _silos[index].SiloPort;

    /// <summary>Silo <paramref name="index"/>'s gateway port, where the gateway process connects.</summary>
    public int SiloGatewayPort(int index) => _silos[index].GatewayPort;

    /// <summary>The current (or last) process of silo <paramref name="index"/>: its log, its exit code.</summary>
    public ManagedProcess? SiloProcess(int index) => _silos[index].Process;

    /// <summary>Every silo process this system started, in order, the killed ones too: their logs outlive them.</summary>
    public IEnumerable<string> SiloLogs => Directory.GetFiles(_work, "silo*-*.log").Order(StringComparer.Ordinal);

    /// <summary>Stops the gateway (SIGTERM, as a rollout does) and starts a new one on the same address.</summary>
    public async Task RestartGatewayAsync()
    {
        await Gateway.DisposeAsync();
        await StartGatewayAsync();
    }

    private async Task StartGatewayAsync()
    {
        var generation = Interlocked.Increment(ref _generation);
        Gateway = ManagedProcess.StartDotnet($"gateway-{generation}", RepositoryLayout.GatewayDll, [$"--urls={GatewayUrl}"], _gatewaySettings, _work);
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
        // Logs next to the tool's own timeline (which prints UTC wall-clock times too).
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        // Development turns the Orleans dashboard on; production does not (it profiles every call).
        ["Shop:Dashboard:Enabled"] = "false",
    };

    /// <summary>
    /// The rate limiter stays in the pipeline (its cost is measured) but with buckets so large that
    /// it never refuses: the load comes from one address and a few hundred users.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> MeasuredNotRefusedLimits() =>
        new[] { "PerCaller", "LoginPerIp", "RegistrationPerIp", "FailedLoginsPerEmail", "FailedLoginsPerClient" }.SelectMany(bucket => new Dictionary<string, string>
        {
            [$"Shop:RateLimits:{bucket}:TokenLimit"] = "10000000",
            [$"Shop:RateLimits:{bucket}:TokensPerPeriod"] = "10000000",
            [$"Shop:RateLimits:{bucket}:ReplenishmentPeriod"] = "00:00:01",
        });

    private static async Task RunToEnd(ManagedProcess process)
    {
        await using (process)
        {
            await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Gateway first, then the silos, then the database.
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        foreach (var slot in Enumerable.Reverse(_silos))
        {
            if (slot.Process is not null)
            {
                await slot.Process.DisposeAsync();
            }
        }

        if (Postgres is not null)
        {
            AbortCleanup.Unregister(Postgres);
            await Postgres.DisposeAsync();
        }
    }

    /// <summary>One silo's place in the system: its name, ports and settings outlive its processes.</summary>
    private sealed class SiloSlot(string name, int httpPort, int siloPort, int gatewayPort, Dictionary<string, string> settings)
    {
        public string Name { get; } = name;
        public int HttpPort { get; } = httpPort;
        public int SiloPort { get; } = siloPort;
        public int GatewayPort { get; } = gatewayPort;
        public Dictionary<string, string> Settings { get; } = settings;
        public ManagedProcess? Process { get; set; }
    }
}
