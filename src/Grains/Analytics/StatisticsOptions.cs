using System.ComponentModel.DataAnnotations;

namespace Shop.Grains.Analytics;

/// <summary>How the statistics partitions count each event once (configuration section "Shop:Statistics").</summary>
public sealed class StatisticsOptions
{
    public const string Section = "Shop:Statistics";

    /// <summary>
    /// How long (of the partition's own running time) a counted event is remembered, so that a
    /// repeat is not counted again. Repeats come from stream retries (within a minute), from an order
    /// re-publishing what its stored state still owes, and from the settled sweep, all while the
    /// order is open for reconciliation: about two reconciliation periods. Keep this well above that.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The shortest time between two writes of a partition's statistics. Its state holds the dedupe
    /// record, so a write per delivery would cost more than the counting; deliveries wait for the
    /// next write and grow instead. Only the statistics lag by it, not the saga.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often the events counted since the last seal move from the state written with every flush
    /// into the partition's history (a write of its own): longer means fewer history writes and a
    /// larger state per flush.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(30);
}
