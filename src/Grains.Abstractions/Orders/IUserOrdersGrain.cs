namespace Shop.Orders;

/// <summary>The ids of one user's orders, newest first. Keyed by user id.</summary>
[Alias("Shop.Orders.IUserOrdersGrain")]
public interface IUserOrdersGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Admits a new order of this user and indexes it; false when the user already has
    /// <see cref="OrderRules.MaxPendingOrdersPerUser"/> orders waiting for the saga (the order is
    /// then not placed). Idempotent: adding an order twice keeps one entry and admits it again.
    /// </summary>
    [Alias("Add")]
    Task<bool> Add(Guid orderId, DateTimeOffset createdAt);

    /// <summary>The order left Pending: it no longer counts against the user's pending cap.</summary>
    [Alias("Settled")]
    Task Settled(Guid orderId);

    [Alias("GetRecent")]
    Task<IReadOnlyList<Guid>> GetRecent(int limit);
}
