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

    /// <summary>The orders of this partition whose events were counted within the dedupe window, with the kinds counted.</summary>
    [Id(1)] public Dictionary<Guid, CountedEvents> Counted { get; set; } = [];

    /// <summary>
    /// The partition's own clock: running time, advanced at each write by the time since the last
    /// one (at most a quarter of the window per step), so that while the cluster is down no
    /// remembered event ages out of the window.
    /// </summary>
    [Id(2)] public TimeSpan RunningTime { get; set; }
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
