namespace Shop;

/// <summary>Names shared by the publisher (order grains) and the implicit stream subscribers.</summary>
public static class ShopStreams
{
    /// <summary>The stream provider that carries the shop's domain events.</summary>
    public const string Provider = "shop-events";

    /// <summary>
    /// Stream namespace of the partitioned order events: the stream key is the partition number
    /// (<see cref="Orders.OrderPartitions"/>), so a few busy streams carry every order, each consumed
    /// by one long-lived consumer grain per partition.
    /// </summary>
    public const string OrderEventsNamespace = "order-events";

    /// <summary>
    /// The namespace of the per-order streams before order events were partitioned. Nothing
    /// subscribes to it any more; kept so the name is not reused with another meaning.
    /// </summary>
    public const string LegacyOrdersNamespace = "orders";
}
