namespace Shop.Grains.Orders;

[GenerateSerializer, Alias("Shop.Grains.Orders.UserOrdersState")]
public sealed class UserOrdersState
{
    /// <summary>Order ids with their creation time, oldest first (the latest <see cref="UserOrdersGrain.Kept"/>).</summary>
    [Id(0)] public List<UserOrderEntry> Orders { get; set; } = [];

    /// <summary>
    /// What orders that left <see cref="Orders"/> still count against the hoarding limits, per hour
    /// of their creation (<see cref="OrderLimits"/>): at most the 25 hours the window touches.
    /// </summary>
    [Id(2)] public List<HourlyOrderTotals> EarlierHours { get; set; } = [];

    /// <summary>
    /// Orders that still need reconciliation: added before the order's first write, dropped once
    /// reconciliation found them settled and swept. Stored only as part of writes that happen anyway
    /// (the next order, a reconciliation pass), so dropping costs no write of its own.
    /// </summary>
    [Id(1)] public HashSet<Guid> Open { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("Shop.Grains.Orders.UserOrderEntry")]
public sealed record UserOrderEntry([property: Id(0)] Guid OrderId, [property: Id(1)] DateTimeOffset CreatedAt)
{
    /// <summary>The order's lines (units and prices), for the hoarding limits. Empty in entries stored before they existed.</summary>
    [Id(2)] public IReadOnlyList<Shop.Orders.OrderLine> Lines { get; init; } = [];

    /// <summary>Rejected or cancelled: no longer counted against the hoarding limits.</summary>
    [Id(3)] public bool Void { get; init; }
}

/// <summary>The units per product and the value of a user's orders created in one hour (UTC), for the hoarding limits.</summary>
[GenerateSerializer, Alias("Shop.Grains.Orders.HourlyOrderTotals")]
public sealed class HourlyOrderTotals
{
    [Id(0)] public DateTimeOffset Hour { get; set; }
    [Id(1)] public Dictionary<string, long> Units { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public decimal Value { get; set; }
}
