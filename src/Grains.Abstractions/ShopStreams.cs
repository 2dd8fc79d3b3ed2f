namespace Shop;

/// <summary>Names shared by the publisher (order grains) and the implicit stream subscribers.</summary>
public static class ShopStreams
{
    /// <summary>The stream provider that carries the shop's domain events.</summary>
    public const string Provider = "shop-events";

    /// <summary>Stream namespace of order events; the stream key is the order id.</summary>
    public const string OrdersNamespace = "orders";
}
