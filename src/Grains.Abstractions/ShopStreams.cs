namespace Shop;

/// <summary>Names shared by the publisher (order grains) and the implicit stream subscribers.</summary>
public static class ShopStreams
{
    /// <summary>The stream provider that carries the shop's domain events.</summary>
    public const string Provider = "shop-events";

    /// <summary>
    /// Stream namespace of the partitioned order events: the stream key is the partition number
    /// (<see cref="Orders.OrderPartitions"/>), so a few busy streams carry every order, each consumed
    /// by one long-lived consumer grain per partition. (Before, each order had a stream of its own in
    /// the namespace "orders", which nothing subscribes to any more: do not reuse that name.)
    /// </summary>
    public const string OrderEventsNamespace = "order-events";
}
