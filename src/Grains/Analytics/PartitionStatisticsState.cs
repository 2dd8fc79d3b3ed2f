using Shop.Analytics;

namespace Shop.Grains.Analytics;

/// <summary>
/// The statistics of one partition and the record of what they count, in one state, so that a
/// change to the counters and the note that its event was counted are stored together or not at all.
/// </summary>
[GenerateSerializer, Alias("Shop.Grains.Analytics.PartitionStatisticsState")]
public sealed class PartitionStatisticsState
{
    [Id(0)] public StatisticsCounters Counters { get; set; } = new();

    /// <summary>
    /// The orders whose events were counted since the last seal (see
    /// <see cref="PartitionCountedHistory"/>), with the kinds counted. The state written with every
    /// flush, so it holds seconds of orders, not the whole dedupe window. (State stored by the code
    /// before the history holds the whole window here; the next seal moves it.)
    /// </summary>
    [Id(1)] public Dictionary<Guid, CountedEvents> Counted { get; set; } = [];

    /// <summary>
    /// The partition's own clock: running time, advanced at each write by the time since the last
    /// one (at most a quarter of the window per step), so that while the cluster is down no
    /// remembered event ages out of the window.
    /// </summary>
    [Id(2)] public TimeSpan RunningTime { get; set; }

    /// <summary>When (running time) <see cref="Counted"/> was last moved into the history.</summary>
    [Id(3)] public TimeSpan SealedAt { get; set; }
}

/// <summary>
/// The orders counted within the dedupe window before the last seal: stored apart from the
/// counters and rewritten once per <see cref="StatisticsOptions.SealInterval"/>, not with every
/// flush. Kept in one state with the counters, this record (the window's orders: tens of thousands
/// at a thousand orders a second) was serialized four times a second per partition.
/// </summary>
[GenerateSerializer, Alias("Shop.Grains.Analytics.PartitionCountedHistory")]
public sealed class PartitionCountedHistory
{
    [Id(0)] public Dictionary<Guid, CountedEvents> Counted { get; set; } = [];
}

/// <summary>Which kinds of one order's events were counted (bit flags of <see cref="EventKinds"/>), and when first (running time).</summary>
[GenerateSerializer, Immutable, Alias("Shop.Grains.Analytics.CountedEvents")]
public readonly record struct CountedEvents([property: Id(0)] int Kinds, [property: Id(1)] TimeSpan FirstCountedAt);

public static class EventKinds
{
    public static int Flag(string kind) => kind switch
    {
        "order.created" => 1,
        "order.confirmed" => 2,
        "order.rejected" => 4,
        "order.cancelled" => 8,
        _ => 0,
    };
}
