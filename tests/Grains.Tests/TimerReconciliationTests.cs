using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// The embedded mode's reconciliation: a grain timer instead of a durable reminder (a crash of the
/// one in-memory silo loses everything anyway), still repairing an event a consumer gave up on.
/// </summary>
public sealed class TimerReconciliationTests : IAsyncLifetime
{
    private ShopTestCluster _shop = null!;

    public async ValueTask InitializeAsync() => _shop = await ShopTestCluster.StartAsync(silos: 1, new Dictionary<string, string?>
    {
        ["Shop:Orders:DurableReconciliation"] = "false",
        ["Shop:Orders:SweepSettled"] = "false",
    });

    public async ValueTask DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task Without_durable_reconciliation_a_parked_order_is_confirmed_by_the_timer_and_no_reminder_is_written()
    {
        var client = _shop.Client;
        var user = await TestData.NewUser(client);
        var sku = await TestData.NewProduct(client, stock: 5);
        // Fails every attempt of the first delivery (3 in tests), so the consumer parks OrderCreated.
        using var fault = FaultInjection.Fail("IProductGrain", "Reserve", targetKey: sku, times: 3);
        var id = Guid.NewGuid();
        var reminders = _shop.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();

        await client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 2)));
        Assert.Empty((await reminders.ReadRows(GrainId.Create("order", id.ToString("N")))).Reminders);
        var order = await TestData.Settled(client, id);

        Assert.Equal(OrderStatus.Confirmed, order!.Status);
        Assert.Equal(2, (await TestData.Product(client, sku))!.Reserved);
    }
}
