using System.ComponentModel.DataAnnotations;

namespace Shop.Grains.Events;

/// <summary>
/// The partitioned order-event streams (configuration section "Shop:Streams"). Every silo and
/// every publisher must agree on <see cref="Partitions"/>: changing it moves orders to other
/// partitions, which is safe only with no order in flight (see docs/operations.md, "Upgrade and migration notes").
/// </summary>
public sealed class OrderStreamOptions
{
    public const string Section = "Shop:Streams";

    /// <summary>
    /// How many streams carry the order events (the order id's partition), each consumed by one
    /// grain per consumer kind. A few busy streams, as Orleans advises: enough to spread the
    /// consumers over the silos' cores, few enough that each batch holds many events.
    /// </summary>
    [Range(1, 1024)]
    public int Partitions { get; set; } = 8;

    /// <summary>The most events one delivery hands a consumer (the pulling agent's BatchContainerBatchSize).</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// How often the pulling agents look for new events. Orleans' 100 ms default would add up to
    /// 100 ms to each hop of the saga (created, then confirmed).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>After how long without events a stream's consumer is forgotten by its agent (Orleans' default: 30 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan InactivityPeriod { get; set; } = TimeSpan.FromMinutes(30);
}
