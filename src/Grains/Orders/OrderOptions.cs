namespace Shop.Grains.Orders;

/// <summary>Configuration section "Shop:Orders".</summary>
public sealed class OrderOptions
{
    public const string Section = "Shop:Orders";

    /// <summary>
    /// Period of the durable reconciliation reminder every unsettled order holds. After a crash the
    /// reminder reactivates the order on a surviving silo, which publishes what it still owes.
    /// </summary>
    public TimeSpan ReconcilePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A Pending order older than this re-publishes OrderCreated on its next reconciliation: memory
    /// streams can lose acknowledged events when a silo dies, and consumers are idempotent.
    /// </summary>
    public TimeSpan RepublishPendingAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a grain retries publishing owed events while it is active.</summary>
    public TimeSpan OutboxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
