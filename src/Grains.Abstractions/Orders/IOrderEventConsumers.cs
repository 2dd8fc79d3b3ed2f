namespace Shop.Orders;

// The grains that subscribe implicitly to the partitioned order events. The stream runtime
// activates one of each per partition (the key is the partition number) when events arrive; they
// live as long as their partition is busy. A new reaction to orders is a new grain with its own
// interface here; the order code never changes.

/// <summary>Inventory: reserves stock for created orders and confirms or rejects them.</summary>
[Alias("Shop.Orders.IOrderReservationConsumer")]
public interface IOrderReservationConsumer : IGrainWithIntegerKey;

/// <summary>Notifications: sends the confirmation e-mail of confirmed orders.</summary>
[Alias("Shop.Orders.IOrderConfirmationMailer")]
public interface IOrderConfirmationMailer : IGrainWithIntegerKey;

/// <summary>
/// Analytics: folds the order events of one partition into that partition's counters, each event
/// once (the counters and the record of what they count are one stored state).
/// </summary>
[Alias("Shop.Orders.IOrderStatisticsConsumer")]
public interface IOrderStatisticsConsumer : IGrainWithIntegerKey
{
    /// <summary>The counters of this partition, as stored.</summary>
    [Alias("GetCounters")]
    Task<Shop.Analytics.StatisticsCounters> GetCounters();
}
