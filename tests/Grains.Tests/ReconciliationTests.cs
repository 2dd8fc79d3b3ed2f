using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Shop.Orders;
using Shop.Tests.Shared;

namespace Shop.Grains.Tests;

/// <summary>The order's reconciliation reminder repairs events the stream lost or consumers gave up on.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReconciliationTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task An_order_whose_reservation_was_parked_is_confirmed_by_reconciliation()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 5);
        // Fails every attempt of the first delivery (3 in tests), so the consumer parks OrderCreated.
        using var fault = FaultInjection.Fail("IProductGrain", "Reserve", targetKey: sku, times: 3);
        var id = Guid.NewGuid();

        await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 2)));
        var order = await TestData.Settled(_client, id);

        Assert.Equal(OrderStatus.Confirmed, order!.Status);
        Assert.Equal(2, (await TestData.Product(_client, sku))!.Reserved);
    }

    [Fact]
    public async Task A_settled_order_drops_its_reminder_after_one_sweep()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 5);
        var id = Guid.NewGuid();
        var reminders = fixture.Shop.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var grainId = GrainId.Create("order", id.ToString("N"));

        await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 1)));
        Assert.Single((await reminders.ReadRows(grainId)).Reminders);
        await TestData.Settled(_client, id);

        await Eventually.Until(async () => (await reminders.ReadRows(grainId)).Reminders.Count, n => n == 0, "the reminder to be dropped");
        // The sweep re-published the whole history; idempotent consumers did nothing twice.
        Assert.Equal(1, (await TestData.Product(_client, sku))!.Reserved);
        Assert.Single(await _client.GetGrain<Shop.Notifications.INotificationGrain>(user).GetAll());
    }
}
