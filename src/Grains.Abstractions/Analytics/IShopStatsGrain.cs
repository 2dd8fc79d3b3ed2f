namespace Shop.Analytics;

/// <summary>
/// The shop's statistics (a singleton, key <see cref="Key"/>): the sum of the statistics partitions
/// (<see cref="Shop.Orders.IOrderStatisticsConsumer"/>) and of the counters stored before the order
/// events were partitioned.
/// </summary>
[Alias("Shop.Analytics.IShopStatsGrain")]
public interface IShopStatsGrain : IGrainWithStringKey
{
    public const string Key = "shop";

    /// <summary>
    /// Adds a delta to the counters kept here. Only the per-order consumers of earlier versions call
    /// it (during a rolling upgrade); the partitions count on their own.
    /// </summary>
    [Alias("Apply")]
    Task Apply(StatsDelta delta);

    [Alias("Get")]
    Task<ShopStatistics> Get();
}

[GenerateSerializer, Immutable, Alias("Shop.Analytics.ProductSales")]
public sealed record ProductSales(
    [property: Id(0)] string Sku,
    [property: Id(1)] int Quantity);

/// <summary>A change to the counters, computed by the statistics consumer from one order event.</summary>
[GenerateSerializer, Immutable, Alias("Shop.Analytics.StatsDelta")]
public sealed record StatsDelta(
    [property: Id(0)] int Created,
    [property: Id(1)] int Confirmed,
    [property: Id(2)] int Rejected,
    [property: Id(3)] int Cancelled,
    [property: Id(4)] decimal Revenue,
    [property: Id(5)] IReadOnlyList<ProductSales> Sales);

[GenerateSerializer, Immutable, Alias("Shop.Analytics.ShopStatistics")]
public sealed record ShopStatistics(
    [property: Id(0)] long OrdersCreated,
    [property: Id(1)] long OrdersConfirmed,
    [property: Id(2)] long OrdersRejected,
    [property: Id(3)] long OrdersCancelled,
    [property: Id(4)] decimal Revenue,
    [property: Id(5)] IReadOnlyList<ProductSales> TopProducts);
