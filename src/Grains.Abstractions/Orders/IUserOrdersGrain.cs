namespace Shop.Orders;

/// <summary>The ids of one user's orders, newest first. Keyed by user id.</summary>
[Alias("Shop.Orders.IUserOrdersGrain")]
public interface IUserOrdersGrain : IGrainWithGuidKey
{
    /// <summary>Idempotent: adding an order twice keeps one entry.</summary>
    [Alias("Add")]
    Task Add(Guid orderId, DateTimeOffset createdAt);

    [Alias("GetRecent")]
    Task<IReadOnlyList<Guid>> GetRecent(int limit);
}
