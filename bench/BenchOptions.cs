namespace Shop.Bench;

/// <summary>The command line of the bench (see <see cref="Usage"/>).</summary>
public sealed record BenchOptions
{
    /// <summary>The default list ("all"), in the order they run.</summary>
    public static readonly string[] AllScenarios = ["baseline", "catalog", "me", "orders", "dashboard", "pgbench", "memory"];

    /// <summary>Every scenario, in the order they run: the default list, then those that run only when named (longer than a minute).</summary>
    public static readonly string[] KnownScenarios = [.. AllScenarios, "products"];

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

    public const string Usage = """
        Orleans.Shop benchmarks. Starts the system it measures, drives it over loopback, writes JSON and Markdown.

          dotnet run -c Release --project bench -- [scenario ...] [options]
          dotnet run -c Release --project bench -- chaos --help    faults under load, then invariant checks
          dotnet run -c Release --project bench -- soak --help     10 minutes of mixed load, growth and error checks

        Scenarios (default: all, which is every one below but products; pgbench only with --postgres):
          baseline    bare ASP.NET Core endpoint with the catalog's JSON, no Orleans: the machine's HTTP limit
          catalog     anonymous GET /api/products/{sku} over many skus
          me          authenticated GET /api/users/me (JWT + rate limiter + grain call)
          orders      POST /api/orders by many users, each followed until Confirmed (closed loop, then a
                      fixed-rate run at half the confirmed rate for accept-to-confirm latency)
          dashboard   GET /api/dashboard and each of its three parts, at one fixed rate
          pgbench     PostgreSQL single-row insert TPS with 8 clients (pgbench), --postgres only
          memory      silo resident memory before and after activating --memory-grains product grains
          products    creates --products new products (PUT as admin, closed loop, random sku order) and
                      compares the rate of the last 10,000 with the first 10,000; runs until all are
                      created, so only when named: dotnet run -c Release --project bench -- products --runs 1

        Options:
          --postgres             durable mode: a throwaway PostgreSQL (one database per service)
          --runs N               repeat the scenario list N times; reports give medians (default 3)
          --warmup S             seconds of warm-up per scenario, not recorded (default 5)
          --duration S           measured seconds per scenario (default 15)
          --connections N        workers/connections for catalog, me, baseline (default 64)
          --order-connections N  workers for the orders throughput run (default 128)
          --dashboard-rate R     requests/s of the dashboard comparison (default 200)
          --skus N               products created and read (default 1000)
          --users N              users registered and logged in (default 64)
          --memory-grains N      product grains the memory scenario activates (default 100000)
          --products N           products the products scenario creates per run (default 100000)
          --out DIR              report folder (default bench/results in the repository)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var scenarios = new List<string>();
        var line = new CommandLineArguments(args);
        while (line.MoveNext())
        {
            int Int() => line.PositiveInteger();
            double Seconds() => line.Seconds();
            options = line.Current switch
            {
                "--postgres" => options with { Postgres = true },
                "--runs" => options with { Runs = Int() },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(Seconds()) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Math.Max(0.5, Seconds())) },
                "--connections" => options with { Connections = Int() },
                "--order-connections" => options with { OrderConnections = Int() },
                "--dashboard-rate" => options with { DashboardRate = Int() },
                "--skus" => options with { Skus = Int() },
                "--users" => options with { Users = Int() },
                "--memory-grains" => options with { MemoryGrains = Int() },
                "--products" => options with { Products = Int() },
                "--out" => options with { Output = line.Value() },
                "all" => Add(options, scenarios, "all"),
                var s when KnownScenarios.Contains(s) => Add(options, scenarios, s),
                var other => throw new ArgumentException($"Unknown argument '{other}'."),
            };
        }

        // "all" is the default list; with other names ("all products") it adds to them.
        List<string> chosen = scenarios.Count == 0 || scenarios.Contains("all") ? [.. AllScenarios, .. scenarios] : scenarios;
        if (!options.Postgres)
        {
            if (scenarios.Contains("pgbench"))
            {
                throw new ArgumentException("pgbench measures the PostgreSQL of durable mode: add --postgres.");
            }

            chosen.Remove("pgbench");
        }

        // Always in the documented order: orders before dashboard, so users have orders to show.
        return options with { Scenarios = [.. KnownScenarios.Where(chosen.Contains)] };
    }

    private static BenchOptions Add(BenchOptions options, List<string> scenarios, string scenario)
    {
        scenarios.Add(scenario);
        return options;
    }
}
