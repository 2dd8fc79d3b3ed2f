using Shop.Analytics;
using Shop.Inventory;
using Shop.Notifications;
using Shop.Orders;

namespace Shop.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OrderSagaTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private async Task<OrderSnapshot> PlaceAndSettle(PlaceOrder order, Guid? orderId = null)
    {
        var id = orderId ?? Guid.NewGuid();
        var placed = await _client.GetGrain<IOrderGrain>(id).Place(order);
        Assert.Equal(PlaceOrderOutcome.Created, placed.Outcome);
        Assert.Equal(OrderStatus.Pending, placed.Order!.Status);
        return (await TestData.Settled(_client, id))!;
    }

    [Fact]
    public async Task Placing_an_order_reserves_stock_and_confirms_it()
    {
        var user = await TestData.NewUser(_client);
        var keyboard = await TestData.NewProduct(_client, stock: 10, price: 25.50m);
        var mouse = await TestData.NewProduct(_client, stock: 5, price: 4.25m);

        var order = await PlaceAndSettle(TestData.Order(user, (keyboard, 2), (mouse, 5)));

        Assert.Equal(OrderStatus.Confirmed, order.Status);
        Assert.Equal(2 * 25.50m + 5 * 4.25m, order.Total);
        Assert.Equal([25.50m, 4.25m], order.Items.Select(i => i.UnitPrice));
        var k = (await TestData.Product(_client, keyboard))!;
        var m = (await TestData.Product(_client, mouse))!;
        Assert.Equal((10, 2, 8), (k.Stock, k.Reserved, k.Available));
        Assert.Equal((5, 5, 0), (m.Stock, m.Reserved, m.Available));
    }

    [Fact]
    public async Task A_confirmed_order_sends_one_confirmation_email()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 3);

        var order = await PlaceAndSettle(TestData.Order(user, (sku, 1)));

        var sent = await Eventually.Until(() => _client.GetGrain<INotificationGrain>(user).GetAll(), n => n.Count > 0, "the e-mail");
        var mail = Assert.Single(sent);
        Assert.Equal(NotificationKinds.OrderConfirmation, mail.Kind);
        Assert.Equal(order.Id, mail.OrderId);
        var file = Assert.Single(Directory.GetFiles(fixture.Shop.MailDirectory, "*.eml"), f => File.ReadAllText(f).Contains(order.Id.ToString()));
        Assert.Contains("Subject: Your order", File.ReadAllText(file));
    }

    [Fact]
    public async Task An_order_beyond_available_stock_is_rejected_and_holds_no_stock()
    {
        var user = await TestData.NewUser(_client);
        var plenty = await TestData.NewProduct(_client, stock: 100);
        var scarce = await TestData.NewProduct(_client, stock: 2);

        var order = await PlaceAndSettle(TestData.Order(user, (plenty, 10), (scarce, 3)));

        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.Contains(scarce, order.Reason);
        Assert.Contains("Insufficient stock", order.Reason);
        Assert.Equal(0, (await TestData.Product(_client, plenty))!.Reserved);
        Assert.Equal(0, (await TestData.Product(_client, scarce))!.Reserved);
        Assert.Empty(await _client.GetGrain<INotificationGrain>(user).GetAll());
    }

    [Fact]
    public async Task An_order_of_an_unknown_product_is_rejected_and_releases_the_other_lines()
    {
        var user = await TestData.NewUser(_client);
        var known = await TestData.NewProduct(_client, stock: 10);
        var unknown = TestData.NewSku();

        var order = await PlaceAndSettle(TestData.Order(user, (known, 4), (unknown, 1)));

        Assert.Equal(OrderStatus.Rejected, order.Status);
        Assert.Contains($"Unknown product '{unknown}'", order.Reason);
        Assert.Equal(0, (await TestData.Product(_client, known))!.Reserved);
    }

    [Fact]
    public async Task Cancelling_a_confirmed_order_releases_its_stock()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 10);
        var order = await PlaceAndSettle(TestData.Order(user, (sku, 4)));

        var cancelled = await _client.GetGrain<IOrderGrain>(order.Id).Cancel();

        Assert.Equal(CancelOrderOutcome.Cancelled, cancelled.Outcome);
        Assert.Equal(OrderStatus.Cancelled, cancelled.Order!.Status);
        var product = (await TestData.Product(_client, sku))!;
        Assert.Equal((10, 0, 10), (product.Stock, product.Reserved, product.Available));
    }

    [Fact]
    public async Task Settled_orders_cannot_be_cancelled_again()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 1);
        var rejected = await PlaceAndSettle(TestData.Order(user, (sku, 2)));
        var confirmed = await PlaceAndSettle(TestData.Order(user, (sku, 1)));
        await _client.GetGrain<IOrderGrain>(confirmed.Id).Cancel();

        Assert.Equal(CancelOrderOutcome.NotCancellable, (await _client.GetGrain<IOrderGrain>(rejected.Id).Cancel()).Outcome);
        Assert.Equal(CancelOrderOutcome.NotCancellable, (await _client.GetGrain<IOrderGrain>(confirmed.Id).Cancel()).Outcome);
        Assert.Equal(CancelOrderOutcome.NotFound, (await _client.GetGrain<IOrderGrain>(Guid.NewGuid()).Cancel()).Outcome);
        Assert.Equal(0, (await TestData.Product(_client, sku))!.Reserved);
    }

    [Fact]
    public async Task Cancelling_while_the_reservation_is_in_flight_leaks_no_stock()
    {
        var user = await TestData.NewUser(_client);
        var skus = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => TestData.NewProduct(_client, stock: 10)));
        var ids = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();

        // Place and immediately cancel: the cancellation races the inventory consumer.
        await Task.WhenAll(ids.Select(async id =>
        {
            var grain = _client.GetGrain<IOrderGrain>(id);
            await grain.Place(TestData.Order(user, [.. skus.Select(s => (s, 1))]));
            await grain.Cancel();
        }));

        foreach (var sku in skus)
        {
            await Eventually.Until(() => TestData.Product(_client, sku), p => p!.Reserved == 0, $"{sku} to be fully released");
        }

        Assert.All(await Task.WhenAll(ids.Select(id => _client.GetGrain<IOrderGrain>(id).Get())),
            o => Assert.Equal(OrderStatus.Cancelled, o!.Status));
    }

    [Fact]
    public async Task Concurrent_orders_for_the_last_unit_confirm_exactly_one()
    {
        var sku = await TestData.NewProduct(_client, stock: 1);
        var users = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => TestData.NewUser(_client)));
        var ids = users.Select(_ => Guid.NewGuid()).ToArray();

        await Task.WhenAll(users.Select((u, i) => _client.GetGrain<IOrderGrain>(ids[i]).Place(TestData.Order(u, (sku, 1)))));
        var settled = await Task.WhenAll(ids.Select(id => TestData.Settled(_client, id)));

        Assert.Single(settled, o => o!.Status == OrderStatus.Confirmed);
        Assert.Equal(5, settled.Count(o => o!.Status == OrderStatus.Rejected));
        var product = (await TestData.Product(_client, sku))!;
        Assert.Equal((1, 1, 0), (product.Stock, product.Reserved, product.Available));
    }

    [Fact]
    public async Task Retrying_a_placement_with_the_same_id_creates_one_order()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 10);
        var id = Guid.NewGuid();
        var request = TestData.Order(user, (sku, 2));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _client.GetGrain<IOrderGrain>(id).Place(request)));
        await TestData.Settled(_client, id);

        Assert.Single(attempts, a => a.Outcome == PlaceOrderOutcome.Created);
        Assert.Equal(4, attempts.Count(a => a.Outcome == PlaceOrderOutcome.AlreadyPlaced && a.Order!.Id == id));
        Assert.Equal([id], await _client.GetGrain<IUserOrdersGrain>(user).GetRecent(100));
        Assert.Equal(2, (await TestData.Product(_client, sku))!.Reserved);
    }

    [Fact]
    public async Task Reusing_an_order_id_with_a_different_body_or_user_is_a_conflict()
    {
        var user = await TestData.NewUser(_client);
        var other = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 10);
        var id = Guid.NewGuid();
        await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 2)));

        var differentBody = await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 3)));
        var differentUser = await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(other, (sku, 2)));

        Assert.Equal(PlaceOrderOutcome.IdempotencyConflict, differentBody.Outcome);
        Assert.Equal(PlaceOrderOutcome.IdempotencyConflict, differentUser.Outcome);
        Assert.Null(differentUser.Order);
        Assert.Empty(await _client.GetGrain<IUserOrdersGrain>(other).GetRecent(100));
    }

    [Fact]
    public async Task Invalid_orders_are_refused_by_the_grain_itself()
    {
        var user = await TestData.NewUser(_client);
        var sku = TestData.NewSku();
        PlaceOrder[] invalid =
        [
            TestData.Order(user),
            TestData.Order(user, (sku, 0)),
            TestData.Order(user, (sku, 1001)),
            TestData.Order(user, ("not a sku!", 1)),
            TestData.Order(user, (sku, 1), (sku, 2)),
            TestData.Order(Guid.Empty, (sku, 1)),
            new(user, [.. Enumerable.Range(0, 51).Select(i => new OrderLineRequest($"S{i}", 1))]),
        ];

        foreach (var request in invalid)
        {
            var id = Guid.NewGuid();
            var result = await _client.GetGrain<IOrderGrain>(id).Place(request);
            Assert.Equal(PlaceOrderOutcome.Invalid, result.Outcome);
            Assert.Null(await _client.GetGrain<IOrderGrain>(id).Get());
        }
    }

    [Fact]
    public async Task The_users_order_list_is_newest_first()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 10);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = Guid.NewGuid();
            await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 1)));
            ids.Add(id);
        }

        ids.Reverse();
        Assert.Equal(ids, await _client.GetGrain<IUserOrdersGrain>(user).GetRecent(10));
        Assert.Equal(ids.Take(2), await _client.GetGrain<IUserOrdersGrain>(user).GetRecent(2));
    }

    [Fact]
    public async Task A_user_with_too_many_pending_orders_places_no_more_until_they_settle()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 100);
        Guid[] pending;
        // Every reservation of this product fails while the fault lasts: the orders stay Pending.
        using (FaultInjection.Fail("IProductGrain", "Reserve", targetKey: sku))
        {
            pending = [.. Enumerable.Range(0, OrderRules.MaxPendingOrdersPerUser).Select(_ => Guid.NewGuid())];
            foreach (var id in pending)
            {
                Assert.Equal(PlaceOrderOutcome.Created, (await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 1)))).Outcome);
            }

            var refusedId = Guid.NewGuid();
            var refused = await _client.GetGrain<IOrderGrain>(refusedId).Place(TestData.Order(user, (sku, 1)));

            Assert.Equal(PlaceOrderOutcome.TooManyPending, refused.Outcome);
            Assert.Null(refused.Order);
            Assert.Null(await _client.GetGrain<IOrderGrain>(refusedId).Get());
            // A retry of an admitted order is still answered, and another user is not affected.
            Assert.Equal(PlaceOrderOutcome.AlreadyPlaced, (await _client.GetGrain<IOrderGrain>(pending[0]).Place(TestData.Order(user, (sku, 1)))).Outcome);
            var other = await TestData.NewUser(_client);
            Assert.Equal(PlaceOrderOutcome.Created, (await _client.GetGrain<IOrderGrain>(Guid.NewGuid()).Place(TestData.Order(other, (sku, 1)))).Outcome);
        }

        // Reconciliation re-publishes the parked orders; once they are confirmed the user may order again.
        foreach (var id in pending)
        {
            Assert.Equal(OrderStatus.Confirmed, (await TestData.Settled(_client, id))!.Status);
        }

        Assert.Equal(PlaceOrderOutcome.Created, (await _client.GetGrain<IOrderGrain>(Guid.NewGuid()).Place(TestData.Order(user, (sku, 1)))).Outcome);
    }
}
