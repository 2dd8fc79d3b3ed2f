using Shop.Analytics;
using Shop.Orders;
using Shop.Tests.Shared;

namespace Shop.Grains.Tests;

/// <summary>Exact counters need a cluster of their own: the shared one has other tests' orders.</summary>
public sealed class StatisticsTests : IAsyncLifetime
{
    private ShopTestCluster _shop = null!;

    public async Task InitializeAsync() => _shop = await ShopTestCluster.StartAsync(silos: 1);

    public async Task DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Statistics_count_every_outcome_and_revenue_net_of_cancellations()
    {
        var client = _shop.Client;
        var user = await TestData.NewUser(client);
        var sku = await TestData.NewProduct(client, stock: 5, price: 100m);
        var (confirmed, rejected, cancelled) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        await client.GetGrain<IOrderGrain>(confirmed).Place(TestData.Order(user, (sku, 2)));
        await client.GetGrain<IOrderGrain>(rejected).Place(TestData.Order(user, (sku, 10)));
        await client.GetGrain<IOrderGrain>(cancelled).Place(TestData.Order(user, (sku, 1)));
        await Task.WhenAll(new[] { confirmed, rejected, cancelled }.Select(id => TestData.Settled(client, id)));
        await client.GetGrain<IOrderGrain>(cancelled).Cancel();

        var stats = await Eventually.Until(() => client.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Get(),
            s => s.OrdersCancelled == 1, "the cancellation to be counted");
        Assert.Equal((3, 2, 1, 1), (stats.OrdersCreated, stats.OrdersConfirmed, stats.OrdersRejected, stats.OrdersCancelled));
        Assert.Equal(200m, stats.Revenue);
        Assert.Equal([new ProductSales(sku, 2)], stats.TopProducts);
    }
}
