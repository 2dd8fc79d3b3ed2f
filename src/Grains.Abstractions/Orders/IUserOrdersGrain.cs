namespace Shop.Orders;

/// <summary>
/// The ids of one user's orders, newest first, and the durable record of which of them still need
/// reconciliation. Keyed by user id.
/// </summary>
[Alias("Shop.Orders.IUserOrdersGrain")]
public interface IUserOrdersGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Admits a new order of this user, indexes it and records it as open (to be reconciled until it
    /// settles); answered once that is stored. False when the user already has
    /// <see cref="OrderRules.MaxPendingOrdersPerUser"/> orders waiting for the saga (the order is then
    /// not placed). Idempotent: adding an order twice keeps one entry and admits it again.
    /// </summary>
    [Alias("Add")]
    Task<bool> Add(Guid orderId, DateTimeOffset createdAt);

    /// <summary>The order left Pending: it no longer counts against the user's pending cap. Nobody awaits it.</summary>
    [Alias("Settled")]
    [Orleans.Concurrency.OneWay]
    Task Settled(Guid orderId);

    /// <summary>The order changes again (a cancellation): it is open for reconciliation until that settles. Answered once stored.</summary>
    [Alias("Reopen")]
    Task Reopen(Guid orderId);

    /// <summary>
    /// Reconciles every open order of the user and forgets those that need no more. True when none
    /// is left open (the partition's reconciliation may then forget the user).
    /// </summary>
    [Alias("Reconcile")]
    Task<bool> Reconcile();

    [Alias("GetRecent")]
    Task<IReadOnlyList<Guid>> GetRecent(int limit);

    /// <summary>
    /// The user's own figures over the orders this index keeps (the latest
    /// <see cref="OrderRules.ListedOrders"/>): one call for the caller, the order reads happen in the
    /// cluster. Only the user (or an admin) gets figures; anyone else gets zeros.
    /// </summary>
    [Alias("GetStatistics")]
    Task<UserOrderStatistics> GetStatistics();
}
