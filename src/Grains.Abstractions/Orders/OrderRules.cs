namespace Shop.Orders;

/// <summary>The limits of the HTTP contract, enforced by the gateway and again by the order grain.</summary>
public static class OrderRules
{
    public const int MaxLines = 50;
    public const int MinQuantity = 1;
    public const int MaxQuantity = 1000;
    public const int MaxIdempotencyKeyLength = 128;

    /// <summary>
    /// Orders one user may have waiting for the saga at once (OWASP API4: a user cannot pile up
    /// unbounded work in the cluster; a normal order leaves Pending within milliseconds).
    /// </summary>
    public const int MaxPendingOrdersPerUser = 20;

    /// <summary>How many of a user's latest orders are listed (and indexed per user).</summary>
    public const int ListedOrders = 100;

    /// <summary>The longest wait of the long poll GET /api/orders/{id}?wait=S, in seconds.</summary>
    public const int MaxWaitSeconds = 5;
}
