using System.CommandLine;
using System.CommandLine.Parsing;

namespace Shop.Bench.CommandLine;

/// <summary>
/// <c>bench -- run [scenario ...] [options]</c>, the default command (<c>bench -- catalog orders</c> is
/// <c>bench -- run catalog orders</c>): starts the system, runs the scenario list --runs times, writes the reports.
/// </summary>
public sealed class RunCommand : Command
{
    public const string CommandName = "run";

    /// <summary>What each scenario measures, for the help; every one of <see cref="BenchOptions.KnownScenarios"/> has a line.</summary>
    private static readonly Dictionary<string, string> Measures = new()
    {
        ["baseline"] = "bare ASP.NET Core endpoint with the catalog's JSON, no Orleans: the machine's HTTP limit",
        ["catalog"] = "anonymous GET /api/products/{sku} over many skus",
        ["me"] = "authenticated GET /api/users/me (JWT + rate limiter + grain call)",
        ["orders"] = "POST /api/orders by many users, each followed until Confirmed (closed loop, then a fixed-rate run at half the confirmed rate for accept-to-confirm latency)",
        ["dashboard"] = "GET /api/dashboard and each of its three parts, at one fixed rate",
        ["pgbench"] = "PostgreSQL single-row insert TPS with 8 clients (pgbench), --postgres only",
        ["memory"] = "silo resident memory before and after activating --memory-grains product grains",
        ["products"] = "creates --products new products (PUT as admin, closed loop, random sku order) and compares the rate of the last 10,000 with the first 10,000; runs until all are created, so only when named (products --runs 1)",
        ["overload"] = "orders at twice the closed-loop rate (the orders scenario's of the same run, else a closed loop of its own), then at half of it: accepted/refused (429/503 + Retry-After), p99 of what is accepted, and of the first seconds after the load falls; only when named (orders overload --postgres)",
    };

    private static readonly BenchOptions Defaults = new();

    private readonly Argument<string[]> _scenarios = new("scenario")
    {
        Arity = ArgumentArity.ZeroOrMore,
        Description = "what to measure, run in this order whatever the order named (default: all, which is every one but products and overload; pgbench only with --postgres):"
            + string.Concat(BenchOptions.KnownScenarios.Select(s => $"\n  {s,-10} {Measures[s]}")),
    };

    private readonly Option<bool> _postgres = new("--postgres") { Description = "durable mode: a throwaway PostgreSQL (one database per service)" };
    private readonly Option<int> _runs = ValidatedOptions.PositiveInteger("--runs", "N", Defaults.Runs, "repeat the scenario list N times; reports give medians");
    private readonly Option<double> _warmup = ValidatedOptions.Seconds("--warmup", Defaults.Warmup.TotalSeconds, "seconds of warm-up per scenario, not recorded");
    private readonly Option<double> _duration = ValidatedOptions.Seconds("--duration", Defaults.Duration.TotalSeconds, "measured seconds per scenario (at least 0.5)");
    private readonly Option<int> _connections = ValidatedOptions.PositiveInteger("--connections", "N", Defaults.Connections, "workers/connections for catalog, me, baseline");
    private readonly Option<int> _orderConnections = ValidatedOptions.PositiveInteger("--order-connections", "N", Defaults.OrderConnections, "workers for the orders throughput run");
    private readonly Option<double> _dashboardRate = ValidatedOptions.PositiveNumber("--dashboard-rate", "R", Defaults.DashboardRate, "requests/s of the dashboard comparison");
    private readonly Option<int> _skus = ValidatedOptions.PositiveInteger("--skus", "N", Defaults.Skus, "products created and read");
    private readonly Option<int> _users = ValidatedOptions.PositiveInteger("--users", "N", Defaults.Users, "users registered and logged in");
    private readonly Option<int> _memoryGrains = ValidatedOptions.PositiveInteger("--memory-grains", "N", Defaults.MemoryGrains, "product grains the memory scenario activates");
    private readonly Option<int> _products = ValidatedOptions.PositiveInteger("--products", "N", Defaults.Products, "products the products scenario creates per run");
    private readonly Option<string> _output = ValidatedOptions.Output();

    /// <param name="invocation">The command line as typed, for the report (which says how to repeat the run).</param>
    public RunCommand(string invocation)
        : base(CommandName, "the benchmark scenarios (the default command: '-- catalog orders' is '-- run catalog orders')")
    {
        Add(_scenarios);
        foreach (var option in new Option[] { _postgres, _runs, _warmup, _duration, _connections, _orderConnections, _dashboardRate, _skus, _users, _memoryGrains, _products, _output })
        {
            Add(option);
        }

        _scenarios.Validators.Add(RefuseUnknown);
        Validators.Add(result =>
        {
            // The tokens, not GetValue: converting the argument here would skip its own validator.
            if (!result.GetValue(_postgres) && result.GetResult(_scenarios) is { } named && named.Tokens.Any(t => t.Value == "pgbench"))
            {
                result.AddError("pgbench measures the PostgreSQL of durable mode: add --postgres.");
            }
        });
        SetAction((result, _) => BenchRun.Execute(Read(result), invocation, Console.Out));
    }

    /// <summary>The options of a parse of this command (without errors).</summary>
    public BenchOptions Read(ParseResult result)
    {
        var postgres = result.GetValue(_postgres);
        return new BenchOptions
        {
            Scenarios = BenchOptions.Choose(result.GetValue(_scenarios)!, postgres),
            Postgres = postgres,
            Runs = result.GetValue(_runs),
            Warmup = TimeSpan.FromSeconds(result.GetValue(_warmup)),
            // Never an empty window: a shorter one is raised to half a second (as the help says).
            Duration = TimeSpan.FromSeconds(Math.Max(0.5, result.GetValue(_duration))),
            Connections = result.GetValue(_connections),
            OrderConnections = result.GetValue(_orderConnections),
            DashboardRate = result.GetValue(_dashboardRate),
            Skus = result.GetValue(_skus),
            Users = result.GetValue(_users),
            MemoryGrains = result.GetValue(_memoryGrains),
            Products = result.GetValue(_products),
            Output = result.GetValue(_output)!,
        };
    }

    // An unknown option is also offered to the scenario argument (it takes every other token): say which it is.
    private static void RefuseUnknown(ArgumentResult result)
    {
        foreach (var token in result.Tokens.Select(t => t.Value).Where(t => t != "all" && !BenchOptions.KnownScenarios.Contains(t)))
        {
            result.AddError(token.StartsWith('-')
                ? $"Unknown option '{token}'."
                : $"Unknown scenario '{token}' (scenarios: all, {string.Join(", ", BenchOptions.KnownScenarios)}).");
        }
    }
}
