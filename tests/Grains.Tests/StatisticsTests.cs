using Orleans.Storage;
using Shop.Analytics;
using Shop.Grains.Analytics;
using Shop.Grains.Events;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// Exact counters need a cluster of their own: the shared one has other tests' orders. Its
/// partitions seal what they counted into their history at every flush, so every test here also
/// runs across seals.
/// </summary>
public sealed class StatisticsTests : IAsyncLifetime
{
    private ShopTestCluster _shop = null!;

    public async ValueTask InitializeAsync() => _shop = await ShopTestCluster.StartAsync(silos: 1, new Dictionary<string, string?>
    {
        ["Shop:Statistics:SealInterval"] = "00:00:00",
    });

    public async ValueTask DisposeAsync() => await _shop.DisposeAsync();

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

        // Each order's events go to its own partition, and the partitions report to the shop's figures
        // independently: the cancellation may be counted before another order's rejection. Wait for
        // every outcome, then check that none was counted twice.
        var stats = await Eventually.Until(() => client.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Get(),
            s => s is { OrdersCreated: >= 3, OrdersConfirmed: >= 2, OrdersRejected: >= 1, OrdersCancelled: >= 1 }, "every outcome to be counted");
        Assert.Equal((3, 2, 1, 1), (stats.OrdersCreated, stats.OrdersConfirmed, stats.OrdersRejected, stats.OrdersCancelled));
        Assert.Equal(200m, stats.Revenue);
        Assert.Equal([new ProductSales(sku, 2)], stats.TopProducts);
    }

    [Fact]
    public async Task An_event_delivered_twice_in_one_batch_or_again_later_is_counted_once()
    {
        var client = _shop.Client;
        var stream = (Guid id) => client.GetStreamProvider(ShopStreams.Provider)
            .GetStream<OrderEvent>(Shop.Grains.Events.OrderEventStream.ForOrder(id, new Shop.Grains.Events.OrderStreamOptions().Partitions));
        var id = Guid.NewGuid();
        var confirmed = new OrderConfirmed(id, Guid.NewGuid(), DateTimeOffset.UtcNow, [new OrderLine("DUP-1", 3, 5m)], 15m);

        // Published concurrently: they reach the partition in one delivery or a few close ones.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => stream(id).OnNextAsync(confirmed)));
        // A later event of another order on the same partition: counted only after every repeat before it.
        var marker = TestData.OrderIdInPartitionOf(id);
        await stream(marker).OnNextAsync(new OrderRejected(marker, Guid.NewGuid(), DateTimeOffset.UtcNow, "marker"));
        var stats = await Eventually.Until(() => client.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Get(), s => s.OrdersRejected == 1, "the marker");

        Assert.Equal((1, 15m), (stats.OrdersConfirmed, stats.Revenue));
        Assert.Equal([new ProductSales("DUP-1", 3)], stats.TopProducts);
    }

    [Fact]
    public async Task An_event_sealed_into_the_history_is_not_counted_again_after_the_partition_is_reactivated()
    {
        var client = _shop.Client;
        var partitions = new OrderStreamOptions().Partitions;
        var stream = (Guid id) => client.GetStreamProvider(ShopStreams.Provider).GetStream<OrderEvent>(OrderEventStream.ForOrder(id, partitions));
        var id = Guid.NewGuid();
        var sku = $"SEAL-{Guid.NewGuid():N}"[..16];
        var confirmed = new OrderConfirmed(id, Guid.NewGuid(), DateTimeOffset.UtcNow, [new OrderLine(sku, 2, 7m)], 14m);
        var before = await client.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Get();

        async Task<ShopStatistics> CountedAfterMarker()
        {
            // Another order's event on the same partition, counted only after everything before it.
            var marker = TestData.OrderIdInPartitionOf(id);
            var rejected = (await client.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Get()).OrdersRejected;
            await stream(marker).OnNextAsync(new OrderRejected(marker, Guid.NewGuid(), DateTimeOffset.UtcNow, "marker"));
            return await Eventually.Until(() => client.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Get(), s => s.OrdersRejected == rejected + 1, "the marker");
        }

        await stream(id).OnNextAsync(confirmed);
        await CountedAfterMarker();
        // Every silo's grains deactivate: the partition's next activation knows only what is stored.
        await client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await stream(id).OnNextAsync(confirmed with { Replay = true });
        var after = await CountedAfterMarker();

        Assert.Equal(before.OrdersConfirmed + 1, after.OrdersConfirmed);
        Assert.Equal(before.Revenue + 14m, after.Revenue);
        Assert.Contains(new ProductSales(sku, 2), after.TopProducts);

        // Sealed: in the history, and no longer in the state written with every flush (the next
        // activation drops what the history holds, and its next flush stores that).
        var storage = _shop.Storage(StorageNames.Analytics);
        var consumer = client.GetGrain<IOrderStatisticsConsumer>(OrderPartitions.Of(id, partitions)).GetGrainId();
        var history = await storage.Stored<PartitionCountedHistory>("partition-stats-history", consumer);
        var recent = await storage.Stored<PartitionStatisticsState>("partition-stats", consumer);
        Assert.Equal(EventKinds.Flag("order.confirmed"), history.State!.Counted[id].Kinds);
        Assert.DoesNotContain(id, recent.State!.Counted.Keys);
    }
}
