namespace Shop.Bench.Soak;

/// <summary>The command line of <c>bench -- soak</c> (see <see cref="Usage"/>).</summary>
public sealed record SoakOptions
{
    public bool Postgres { get; init; } = true;
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>
    /// Long enough for the steady state: an order's activations live through its reconciliation tick
    /// (1 min) and then the collection age (2 min) and Orleans' collection quantum (1 min), so the
    /// number of live activations stops rising after about 4-5 minutes of load.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromMinutes(5);
    public double Rate { get; init; } = 60;
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Idle activations are collected this long after their last call (Orleans' default is 15 minutes, longer than the run).</summary>
    public TimeSpan CollectionAge { get; init; } = TimeSpan.FromMinutes(2);
    public double MemoryGrowthBound { get; init; } = 0.25;
    public double HandleGrowthBound { get; init; } = 0.10;
    public string Output { get; init; } = Path.Combine(RepositoryLayout.Root, "bench", "results");

    public const string Usage = """
        Orleans.Shop soak run. Starts the system (durable mode by default: a throwaway PostgreSQL, a silo
        process, the gateway process), drives a mixed load at a fixed rate for 10 minutes after a warm-up,
        samples both processes every 30 s (resident memory, managed heap, open handles, threads, live
        activations) and checks
        that there was no error and no growth beyond the bounds. Exit code 0 only when both hold.

          dotnet run -c Release --project bench -- soak [options]

        Mixed load per 100 operations: 40 product reads, 10 catalog pages, 14 profile reads, 10 order
        lists, 5 dashboards, 5 notification lists, 15 orders each followed until Confirmed, 1 login.

        Options:
          --embedded          the in-memory default instead of PostgreSQL
          --minutes M         measured minutes (default 10)
          --warmup-minutes M  minutes before the first counted sample (default 5: live activations level off by then)
          --rate R            operations started per second (default 60)
          --collection-age S  seconds after which idle activations are collected (default 120)
          --memory-bound P    allowed growth of resident memory, percent (default 25)
          --handle-bound P    allowed growth of open handles and threads, percent (default 10, plus 20)
          --out DIR           report folder (default bench/results in the repository)
        """;

    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SoakOptions();
        var line = new CommandLineArguments(args);
        while (line.MoveNext())
        {
            double Number() => line.PositiveNumber();
            options = line.Current switch
            {
                "--embedded" => options with { Postgres = false },
                "--postgres" => options with { Postgres = true },
                "--minutes" => options with { Duration = TimeSpan.FromMinutes(Number()) },
                "--warmup-minutes" => options with { Warmup = TimeSpan.FromMinutes(Number()) },
                "--rate" => options with { Rate = Number() },
                "--collection-age" => options with { CollectionAge = TimeSpan.FromSeconds(Number()) },
                "--memory-bound" => options with { MemoryGrowthBound = Number() / 100 },
                "--handle-bound" => options with { HandleGrowthBound = Number() / 100 },
                "--out" => options with { Output = line.Value() },
                var other => throw new ArgumentException($"Unknown argument '{other}'."),
            };
        }

        return options;
    }
}
