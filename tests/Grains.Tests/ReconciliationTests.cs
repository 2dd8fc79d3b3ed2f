using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Shop.Orders;

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
    public async Task An_order_holds_no_reminder_of_its_own_and_leaves_reconciliation_after_one_sweep()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 5);
        var id = Guid.NewGuid();
        var reminders = fixture.Shop.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var partition = OrderPartitions.Of(user, new Shop.Grains.Events.OrderStreamOptions().Partitions);

        await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 1)));

        Assert.Empty((await reminders.ReadRows(GrainId.Create("order", id.ToString("N")))).Reminders);
        // The user's partition holds the one reminder that reconciles every open order of its users.
        Assert.Single((await reminders.ReadRows(GrainId.Create(GrainType.Create("orderreconciliation"), GrainIdKeyExtensions.CreateIntegerKey(partition)))).Reminders);
        await TestData.Settled(_client, id);
        // Open until reconciliation swept it (SweepSettled is on, as in durable mode); then nothing is left.
        await Eventually.Until(() => _client.GetGrain<IUserOrdersGrain>(user).Reconcile(), idle => idle, "the order to leave reconciliation");
        // The sweep re-published the order's events; idempotent consumers did nothing twice.
        Assert.Equal(1, (await TestData.Product(_client, sku))!.Reserved);
        Assert.Single(await _client.GetGrain<Shop.Notifications.INotificationGrain>(user).GetAll());
    }
}
