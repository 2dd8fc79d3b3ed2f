namespace Shop.Analytics;

/// <summary>The shop's counters (a singleton, key <see cref="Key"/>).</summary>
[Alias("Shop.Analytics.IShopStatsGrain")]
public interface IShopStatsGrain : IGrainWithStringKey
{
    public const string Key = "shop";

    [Alias("Apply")]
    Task Apply(StatsDelta delta);

    [Alias("Get")]
    Task<ShopStatistics> Get();
}

[GenerateSerializer, Immutable, Alias("Shop.Analytics.ProductSales")]
public sealed record ProductSales(
    [property: Id(0)] string Sku,
    [property: Id(1)] int Quantity);

/// <summary>A change to the counters, computed by the analytics consumer from one order event.</summary>
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
