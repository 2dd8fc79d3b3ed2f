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

    /// <summary>
    /// Reconciliation by a durable reminder (true: survives a crash; registering and dropping it are
    /// two writes per order) or by a grain timer (false: for the embedded mode, where a crash loses
    /// everything anyway and the in-memory reminder service cost more CPU than the order itself).
    /// </summary>
    public bool DurableReconciliation { get; set; } = true;

    /// <summary>
    /// Whether a settled order re-publishes its whole history once (the reconciliation sweep). It
    /// repairs events a dying silo's memory queues lost after accepting them; with one in-memory
    /// silo (embedded mode) a dying silo loses everything anyway, so there it is off: it only
    /// doubled the stream work of every order.
    /// </summary>
    public bool SweepSettled { get; set; } = true;

    /// <summary>How often a grain retries publishing owed events while it is active.</summary>
    public TimeSpan OutboxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
