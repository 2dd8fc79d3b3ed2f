using Orleans.Storage;
using Shop.Notifications;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// The sweep re-publishes a settled order's events through the same memory queues that may have lost
/// them, so a silo that dies holding the sweep loses it too, and so does a silo that lets a queue go
/// to a silo that became active (it drops what it had pulled). A swept order therefore stays open for
/// a watch, and a silo leaving or joining the cluster meanwhile has it swept again.
/// </summary>
public sealed class SweepAfterSiloLossTests : IAsyncLifetime
{
    private ShopTestCluster _shop = null!;

    public async ValueTask InitializeAsync() => _shop = await ShopTestCluster.StartAsync(silos: 1, new Dictionary<string, string?>
    {
        // Longer than the test: the order is still watched when the silo leaves.
        ["Shop:Orders:SweepWatch"] = "00:02:00",
    });

    public async ValueTask DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task A_settled_order_is_swept_again_when_a_silo_leaves_the_cluster_after_its_sweep()
    {
        // The in-memory storage keeps every state in a few grains: all of them on the first silo, so
        // that the silo which leaves takes activations with it but no stored state.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => _shop.Client.GetGrain<IMemoryStorageGrain>(i).ReadStateAsync<object>("warm-up")));
        await _shop.Cluster.StartAdditionalSiloAsync();

        await AssertSweptAgainAfter(() => _shop.Cluster.StopSiloAsync(_shop.Cluster.Silos[1]), "the silo left");
    }

    [Fact]
    public async Task A_settled_order_is_swept_again_when_a_silo_joins_the_cluster_after_its_sweep() =>
        await AssertSweptAgainAfter(_shop.Cluster.StartAdditionalSiloAsync, "a silo joined");

    /// <summary>Places an order, waits for its sweep, changes the membership, and requires a second sweep that changes nothing.</summary>
    private async Task AssertSweptAgainAfter(Func<Task> membershipChange, string change)
    {
        var client = _shop.Client;
        var user = await TestData.NewUser(client);
        var sku = await TestData.NewProduct(client, stock: 5);
        // Every delivery of the order's OrderConfirmed, the sweep's included, asks the user's mail grain to send it.
        using var confirmations = FaultInjection.Count(nameof(INotificationGrain), nameof(INotificationGrain.SendOrderConfirmation), targetKey: user.ToString("N"));
        var id = Guid.NewGuid();

        await client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 1)));
        Assert.Equal(OrderStatus.Confirmed, (await TestData.Settled(client, id))!.Status);
        var swept = await Eventually.Until(() => Task.FromResult(confirmations.Calls), n => n >= 2, "the sweep to deliver OrderConfirmed again");
        // Still open: watched, not asked again while the membership holds.
        Assert.False(await client.GetGrain<IUserOrdersGrain>(user).Reconcile());

        await membershipChange();

        await Eventually.Until(() => Task.FromResult(confirmations.Calls), n => n > swept, $"a second sweep after {change}");
        // Repeats change nothing: one e-mail, one unit reserved.
        Assert.Single(await client.GetGrain<INotificationGrain>(user).GetAll());
        Assert.Equal(1, (await TestData.Product(client, sku))!.Reserved);
    }
}
