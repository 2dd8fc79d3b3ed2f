using Shop.Grains.Events;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>How a consumer splits one delivery: per order, in order, repeats dropped.</summary>
public sealed class EventBatchTests
{
    private static readonly OrderLine[] Lines = [new("X", 1, 1m)];

    [Fact]
    public void A_batch_is_split_per_order_keeping_each_orders_events_in_arrival_order()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;
        OrderEvent[] events =
        [
            new OrderCreated(a, a, now, Lines, 1m),
            new OrderCreated(b, b, now, Lines, 1m),
            new OrderConfirmed(a, a, now, Lines, 1m),
            new OrderRejected(b, b, now, "no"),
            new OrderCancelled(a, a, now, Lines, 1m, OrderStatus.Confirmed),
        ];

        var groups = EventBatch.ByOrder(events);

        Assert.Equal(2, groups.Count);
        Assert.Equal(["order.created", "order.confirmed", "order.cancelled"], groups[0].Select(e => e.Kind));
        Assert.All(groups[0], e => Assert.Equal(a, e.OrderId));
        Assert.Equal(["order.created", "order.rejected"], groups[1].Select(e => e.Kind));
    }

    [Fact]
    public void The_same_event_twice_in_one_batch_is_handled_once()
    {
        var a = Guid.NewGuid();
        var created = new OrderCreated(a, a, DateTimeOffset.UtcNow, Lines, 1m);

        var groups = EventBatch.ByOrder([created, created with { }, new OrderConfirmed(a, a, created.OccurredAt, Lines, 1m), created]);

        Assert.Equal(["order.created", "order.confirmed"], Assert.Single(groups).Select(e => e.Kind));
    }
}
