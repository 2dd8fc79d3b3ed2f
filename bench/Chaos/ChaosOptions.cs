namespace Shop.Bench.Chaos;

/// <summary>The command line of <c>bench -- chaos</c> (see <see cref="Usage"/>).</summary>
public sealed record ChaosOptions
{
    public int Silos { get; init; } = 3;
    public int Users { get; init; } = 24;
    public double OrdersPerSecond { get; init; } = 12;
    public TimeSpan KillEvery { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan KillFor { get; init; } = TimeSpan.FromMinutes(2);
    public TimeSpan RestartAfter { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Calm { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan RecoveryBound { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan QuiescenceBound { get; init; } = TimeSpan.FromMinutes(4);
    /// <summary>Shop:Orders:ReconcilePeriod (RepublishPendingAfter is twice it); null keeps the product's defaults (1 min, 30 s).</summary>
    public TimeSpan? Reconcile { get; init; }
    public int Seed { get; init; } = Environment.TickCount;
    public string Output { get; init; } = Path.Combine(RepositoryLayout.Root, "bench", "results");

    public const string Usage = """
        Orleans.Shop chaos run. Starts durable mode (a throwaway PostgreSQL, 3 silo processes, the gateway
        process), keeps a steady order load on it and, one after the other: kills a random silo with
        SIGKILL every 20 s for 2 minutes (restarting it 5 s later), stops PostgreSQL for 10 s, restarts
        the gateway. Then it waits for every order to settle and checks, from the database, the mail
        folder and the API, that nothing was lost, duplicated or miscounted. Exit code 0 only when no
        check was violated.

          dotnet run -c Release --project bench -- chaos [options]

        Options:
          --silos N           silo processes (default 3)
          --users N           users placing orders, one worker each (default 24)
          --rate R            orders started per second, all users together (default 12)
          --kill-every S      seconds between silo kills (default 20)
          --kill-for S        seconds of silo kills (default 120)
          --restart-after S   seconds a killed silo stays down (default 5)
          --outage S          seconds PostgreSQL is down (default 10)
          --calm S            seconds of undisturbed load between the faults (default 30)
          --recovery-bound S  the gateway must accept orders again within S seconds of PostgreSQL's return (default 15)
          --seed N            which silo dies when (default: random, printed)
          --reconcile S       the orders' reconciliation period (default: the product's, 1 min; the smoke test shortens it)
          --out DIR           report folder (default bench/results in the repository)
        """;

    public static ChaosOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ChaosOptions();
        var line = new CommandLineArguments(args);
        while (line.MoveNext())
        {
            double Number() => line.PositiveNumber();
            TimeSpan Seconds() => TimeSpan.FromSeconds(line.PositiveNumber());
            options = line.Current switch
            {
                "--silos" => options with { Silos = Math.Max(2, (int)Number()) },
                "--users" => options with { Users = (int)Number() },
                "--rate" => options with { OrdersPerSecond = Number() },
                "--kill-every" => options with { KillEvery = Seconds() },
                "--kill-for" => options with { KillFor = Seconds() },
                "--restart-after" => options with { RestartAfter = Seconds() },
                "--outage" => options with { Outage = Seconds() },
                "--calm" => options with { Calm = Seconds() },
                "--recovery-bound" => options with { RecoveryBound = Seconds() },
                "--seed" => options with { Seed = (int)Number() },
                "--reconcile" => options with { Reconcile = Seconds() },
                "--out" => options with { Output = line.Value() },
                var other => throw new ArgumentException($"Unknown argument '{other}'."),
            };
        }

        return options;
    }
}
