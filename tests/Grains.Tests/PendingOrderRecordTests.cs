using Orleans.Storage;
using Shop.Grains.Orders;
using Shop.Orders;
using Shop.TestSupport;

namespace Shop.Grains.Tests;

/// <summary>
/// A Pending order is stored by its user's order index, in the write that admits it (the order's
/// outbox record); the order's own first write is the one that settles it. An activation that finds
/// nothing stored takes the Pending order over from the index, so losing it loses nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PendingOrderRecordTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private IGrainStorage Storage => fixture.Shop.Storage(StorageNames.Orders);

    [Fact]
    public async Task Placing_an_order_stores_it_in_the_users_index_and_the_order_writes_once_it_settles()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 5, price: 4m);
        var id = Guid.NewGuid();
        PlaceOrderResult placed;
        // The reservation fails until the fault is gone: the order stays Pending meanwhile.
        using (FaultInjection.Fail("IProductGrain", "Reserve", targetKey: sku))
        {
            placed = await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 2)));

            Assert.Equal(PlaceOrderOutcome.Created, placed.Outcome);
            Assert.False((await ReadOrder(id)).State!.Placed);
            var record = (await ReadJournal(user)).State!.Placed[id];
            Assert.Equal(user, record.Created.UserId);
            Assert.Equal([new OrderLine(sku, 2, 4m)], record.Created.Items);
            Assert.Equal(8m, record.Created.Total);
            Assert.Equal(placed.Order!.CreatedAt, record.Created.OccurredAt);
        }

        Assert.Equal(OrderStatus.Confirmed, (await TestData.Settled(_client, id))!.Status);
        var stored = await ReadOrder(id);
        Assert.Equal(OrderStatus.Confirmed, stored.State!.Status);
        Assert.Equal(placed.Order!.CreatedAt, stored.State.CreatedAt);
        Assert.Equal(2, (await TestData.Product(_client, sku))!.Reserved);
        // Once the order's own record is settled, the index's copy goes with the index's next write.
        await Eventually.Until(async () => (await ReadJournal(user)).State!.Placed.ContainsKey(id), held => !held, "the index to drop the order's record");
    }

    [Fact]
    public async Task An_order_whose_activation_was_lost_after_placing_is_confirmed_once()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 5);
        var id = Guid.NewGuid();
        // The placement runs (the index stores it, the event goes out), then its silo "dies": the
        // caller gets an error and the order's activation, its only copy in memory, is gone.
        using (FaultInjection.LoseAnswerAndActivation("IOrderGrain", "Place", () => new TimeoutException("the silo died"), targetKey: id.ToString("N"), times: 1))
        {
            await Assert.ThrowsAsync<TimeoutException>(() => _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 3))));
        }

        Assert.Equal(OrderStatus.Confirmed, (await TestData.Settled(_client, id))!.Status);
        Assert.Equal(3, (await TestData.Product(_client, sku))!.Reserved);
        Assert.Single(await Eventually.Until(
            () => _client.GetGrain<Shop.Notifications.INotificationGrain>(user).GetAll(), mails => mails.Count > 0, "the confirmation e-mail"));
    }

    [Fact]
    public async Task A_placement_retried_after_a_lost_answer_is_answered_from_the_stored_record()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 5, price: 3m);
        var id = Guid.NewGuid();
        var order = _client.GetGrain<IOrderGrain>(id);
        using (FaultInjection.LoseAnswerAndActivation("IOrderGrain", "Place", () => new TimeoutException("the silo died"), targetKey: id.ToString("N"), times: 1))
        {
            await Assert.ThrowsAsync<TimeoutException>(() => order.Place(TestData.Order(user, (sku, 1))));
        }

        // The price changed meanwhile: the retry answers the order as it was placed, not repriced.
        await _client.GetGrain<Shop.Inventory.IProductGrain>(sku).Upsert(new Shop.Inventory.ProductDefinition("Test product", "", 5m, 5));
        var retried = await order.Place(TestData.Order(user, (sku, 1)));
        var conflicting = await order.Place(TestData.Order(user, (sku, 2)));

        Assert.Equal(PlaceOrderOutcome.AlreadyPlaced, retried.Outcome);
        Assert.Equal(3m, retried.Order!.Total);
        Assert.Equal(PlaceOrderOutcome.IdempotencyConflict, conflicting.Outcome);
        Assert.Equal(OrderStatus.Confirmed, (await TestData.Settled(_client, id))!.Status);
        Assert.Equal(1, (await TestData.Product(_client, sku))!.Reserved);
        Assert.Equal([id], await _client.GetGrain<IUserOrdersGrain>(user).GetRecent(10));
    }

    private Task<GrainState<OrderState>> ReadOrder(Guid id) =>
        Storage.Stored<OrderState>("order", _client.GetGrain<IOrderGrain>(id).GetGrainId());

    private Task<GrainState<UserOrdersJournal>> ReadJournal(Guid user) => Storage.StoredJournal(_client, user);
}
