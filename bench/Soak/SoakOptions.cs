namespace Shop.Bench.Soak;

/// <summary>What a soak run does (the options of <c>bench -- soak</c>, see <see cref="SoakCommand"/>).</summary>
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
}
