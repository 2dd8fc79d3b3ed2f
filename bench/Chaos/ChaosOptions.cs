namespace Shop.Bench.Chaos;

/// <summary>What a chaos run does (the options of <c>bench -- chaos</c>, see <see cref="ChaosCommand"/>).</summary>
public sealed record ChaosOptions
{
    public int Silos { get; init; } = 3;
    public int Users { get; init; } = 64;
    /// <summary>Orders started per second; null: half the closed-loop rate of a cluster of this shape, measured first (<see cref="ChaosCapacity"/>).</summary>
    public double? OrdersPerSecond { get; init; }
    public TimeSpan KillEvery { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan KillFor { get; init; } = TimeSpan.FromMinutes(2);
    public TimeSpan RestartAfter { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// The longest one silo stays cut off; the cut is healed sooner once the others declared it dead and
    /// it stopped. For a cut (unlike a crash) Orleans 10.4 waits out its connection-liveness window of
    /// 60 s before it votes, so this is well beyond it. Zero leaves the partition out.
    /// </summary>
    public TimeSpan Partition { get; init; } = TimeSpan.FromSeconds(150);
    /// <summary>The orders of the burst after which a silo is killed mid-batch. Zero leaves that fault out.</summary>
    public int Burst { get; init; } = 300;
    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Calm { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan RecoveryBound { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan QuiescenceBound { get; init; } = TimeSpan.FromMinutes(4);
    /// <summary>Shop:Orders:ReconcilePeriod (RepublishPendingAfter is twice it); null keeps the product's defaults (10 s, 30 s).</summary>
    public TimeSpan? Reconcile { get; init; }
    public int Seed { get; init; } = Environment.TickCount;
    public string Output { get; init; } = Path.Combine(RepositoryLayout.Root, "bench", "results");
}
