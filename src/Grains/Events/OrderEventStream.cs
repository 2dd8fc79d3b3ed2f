using Shop.Orders;

namespace Shop.Grains.Events;

/// <summary>The stream of a partition's order events.</summary>
public static class OrderEventStream
{
    /// <summary>The stream that carries the events of every order in <paramref name="partition"/>.</summary>
    public static StreamId Of(int partition) => StreamId.Create(ShopStreams.OrderEventsNamespace, partition);

    /// <summary>The stream of the partition <paramref name="orderId"/> belongs to.</summary>
    public static StreamId ForOrder(Guid orderId, int partitions) => Of(OrderPartitions.Of(orderId, partitions));
}
