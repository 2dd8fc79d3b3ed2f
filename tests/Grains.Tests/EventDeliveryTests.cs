using System.Diagnostics.Metrics;
using Orleans.Streams;
using Shop.Grains.Events;
using Shop.Notifications;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>At-least-once delivery must give exactly-once effects, and a poison event must not block.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventDeliveryTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private IAsyncStream<OrderEvent> Stream(Guid orderId) => _client.GetStreamProvider(ShopStreams.Provider)
        .GetStream<OrderEvent>(OrderEventStream.ForOrder(orderId, new OrderStreamOptions().Partitions));

    [Fact]
    public async Task A_redelivered_OrderCreated_does_not_reserve_twice()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 10);
        var id = Guid.NewGuid();
        await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 3)));
        var order = (await TestData.Settled(_client, id))!;

        await Stream(id).OnNextAsync(new OrderCreated(id, user, order.CreatedAt, order.Items, order.Total));
        // A marker event on the same stream: once it is handled, the redelivery before it was too.
        await Stream(id).OnNextAsync(new OrderConfirmed(id, user, order.UpdatedAt, order.Items, order.Total));
        await Eventually.Until(() => _client.GetGrain<INotificationGrain>(user).GetAll(), n => n.Count == 1, "the e-mail");

        Assert.Equal(3, (await TestData.Product(_client, sku))!.Reserved);
        Assert.Equal(OrderStatus.Confirmed, (await _client.GetGrain<IOrderGrain>(id).Get())!.Status);
    }

    [Fact]
    public async Task A_redelivered_OrderConfirmed_does_not_send_a_second_email()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 10);
        var id = Guid.NewGuid();
        await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 1)));
        var order = (await TestData.Settled(_client, id))!;
        await Eventually.Until(() => _client.GetGrain<INotificationGrain>(user).GetAll(), n => n.Count == 1, "the first e-mail");

        var redelivered = new OrderConfirmed(id, user, order.UpdatedAt, order.Items, order.Total);
        await Stream(id).OnNextAsync(redelivered);
        await Stream(id).OnNextAsync(redelivered);
        // A second order's e-mail to the same user marks that the redeliveries were processed.
        var marker = Guid.NewGuid();
        await Stream(marker).OnNextAsync(redelivered with { OrderId = marker });
        await Eventually.Until(() => _client.GetGrain<INotificationGrain>(user).GetAll(), n => n.Any(m => m.OrderId == marker), "the marker e-mail");

        var sent = await _client.GetGrain<INotificationGrain>(user).GetAll();
        Assert.Single(sent, n => n.OrderId == id);
        Assert.Single(Directory.GetFiles(fixture.Shop.MailDirectory, "*.eml"), f => File.ReadAllText(f).Contains(id.ToString()));
    }

    [Fact]
    public async Task A_poison_event_is_parked_after_bounded_retries_and_the_stream_moves_on()
    {
        var parked = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ShopMetrics.MeterName && instrument.Name == "shop.events.parked")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref parked, value));
        listener.Start();

        var id = Guid.NewGuid();
        var next = TestData.OrderIdInPartitionOf(id);
        var ghost = Guid.NewGuid(); // no such user: the mailer fails on every attempt
        var user = await TestData.NewUser(_client);
        await Stream(id).OnNextAsync(new OrderConfirmed(id, ghost, DateTimeOffset.UtcNow, [new OrderLine("X", 1, 1m)], 1m));
        await Stream(next).OnNextAsync(new OrderConfirmed(next, user, DateTimeOffset.UtcNow, [new OrderLine("X", 1, 1m)], 1m));

        // Another order's event in the same delivery is handled meanwhile (orders of a batch are
        // handled concurrently), and the poison one is given up on and counted...
        await Eventually.Until(() => _client.GetGrain<INotificationGrain>(user).GetAll(), n => n.Count == 1, "the other order's event");
        await Eventually.Until(() => Task.FromResult(Interlocked.Read(ref parked)), n => n >= 1, "the poison event to be parked");
        // ...and the partition moves on to the next delivery.
        var later = TestData.OrderIdInPartitionOf(id);
        await Stream(later).OnNextAsync(new OrderConfirmed(later, user, DateTimeOffset.UtcNow, [new OrderLine("X", 1, 1m)], 1m));
        await Eventually.Until(() => _client.GetGrain<INotificationGrain>(user).GetAll(), n => n.Count == 2, "the next delivery");
        Assert.Empty(await _client.GetGrain<INotificationGrain>(ghost).GetAll());
    }

    [Fact]
    public async Task A_replayed_OrderCreated_of_a_rejected_order_takes_no_stock_and_OrderRejected_releases_what_was_left()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 2);
        var id = Guid.NewGuid();
        await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 3)));
        var rejected = (await TestData.Settled(_client, id))!;
        Assert.Equal(OrderStatus.Rejected, rejected.Status);
        await _client.GetGrain<Shop.Inventory.IProductGrain>(sku).Restock(5);

        // A reservation left behind (say, by a consumer that died before releasing it).
        await _client.GetGrain<Shop.Inventory.IProductGrain>(sku).Reserve(id, 3);
        // Armed for one call: if anything tries to reserve this sku, it uses the fault up.
        using var fault = FaultInjection.Fail("IProductGrain", "Reserve", targetKey: sku, times: 1);

        // The sweep's replay, in order: OrderCreated (the stock would now suffice, but the order's
        // outcome is decided: no reservation is attempted), then OrderRejected, which carries the
        // lines and releases what was left.
        await Stream(id).OnNextAsync(new OrderCreated(id, user, rejected.CreatedAt, rejected.Items, rejected.Total) { Replay = true });
        await Stream(id).OnNextAsync(new OrderRejected(id, user, rejected.UpdatedAt, rejected.Reason!) { Items = rejected.Items, Replay = true });

        await Eventually.Until(() => TestData.Product(_client, sku), p => p!.Reserved == 0, "the leftover reservation to be released");
        // Nothing tried to reserve: the fault is still armed for the next call.
        await Assert.ThrowsAnyAsync<Exception>(() => _client.GetGrain<Shop.Inventory.IProductGrain>(sku).Reserve(Guid.NewGuid(), 1));
        Assert.Equal(OrderStatus.Rejected, (await _client.GetGrain<IOrderGrain>(id).Get())!.Status);
    }

    [Fact]
    public async Task An_event_that_fails_while_storage_is_down_is_retried_past_its_attempts_not_parked()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 5);
        // Twice the attempts a poison event gets (3 in tests): an outage is waited out instead.
        using var outage = FaultInjection.Throw("INotificationGrain", "SendOrderConfirmation",
            () => new StorageUnavailableException("The notifications database did not answer."), targetKey: user.ToString("N"), times: 6);
        var id = Guid.NewGuid();

        await _client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 1)));
        await TestData.Settled(_client, id);

        var sent = await Eventually.Until(() => _client.GetGrain<INotificationGrain>(user).GetAll(), n => n.Count == 1, "the e-mail after the outage");
        Assert.Equal(id, Assert.Single(sent).OrderId);
    }
}
