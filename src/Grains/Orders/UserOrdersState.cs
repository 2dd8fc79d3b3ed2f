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
    /// Open orders as an index stored them before the journal (<see cref="UserOrdersJournal.Open"/>
    /// holds them now): taken over on activation, and no longer written once the journal holding them is stored.
    /// </summary>
    [Id(1)] public HashSet<Guid> Open { get; set; } = [];

    /// <summary>Pending records as stored before the journal (<see cref="UserOrdersJournal.Placed"/>): taken over like <see cref="Open"/>.</summary>
    [Id(3)] public Dictionary<Guid, Shop.Orders.PlacedOrder> Placed { get; set; } = [];

    /// <summary>
    /// Entries of this write whose admission the journal had not stored yet when it began (the two
    /// are written side by side). If the journal's write then failed, the admission failed with it:
    /// an activation that finds such an entry in neither drops it (<see cref="UserOrdersRecovery"/>).
    /// </summary>
    [Id(4)] public HashSet<Guid> Unconfirmed { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("Shop.Grains.Orders.UserOrderEntry")]
public sealed record UserOrderEntry([property: Id(0)] Guid OrderId, [property: Id(1)] DateTimeOffset CreatedAt)
{
    /// <summary>The order's lines (units and prices), for the hoarding limits. Empty in entries stored before they existed.</summary>
    [Id(2)] public IReadOnlyList<Shop.Orders.OrderLine> Lines { get; init; } = [];

    /// <summary>Rejected or cancelled: no longer counted against the hoarding limits.</summary>
    [Id(3)] public bool Void { get; init; }
}

/// <summary>
/// The units per product and the value of a user's orders created in one hour (UTC), for the hoarding
/// limits. Products are kept by a 64-bit hash of their sku, not by the sku: an hour can name a
/// thousand products for a heavy user, the index is rewritten with every order, and serializing those
/// sku strings was a fifth of the silo's CPU in the embedded order flow. Only the order's own skus are
/// ever looked up, and a collision could only add another product's units (a refusal too many,
/// never one too few), at odds of about one in 10^13 for a thousand products.
/// </summary>
[GenerateSerializer, Alias("Shop.Grains.Orders.HourlyOrderTotals")]
public sealed class HourlyOrderTotals
{
    [Id(0)] public DateTimeOffset Hour { get; set; }

    /// <summary>By sku, as stored before the hashed form: taken over by the first use, and no longer written after it.</summary>
    [Id(1)] public Dictionary<string, long> Units { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public decimal Value { get; set; }

    /// <summary>Units by <see cref="SkuHash"/> of the product's sku.</summary>
    [Id(3)] public Dictionary<ulong, long> UnitsBySku { get; set; } = [];

    public long UnitsOf(string sku)
    {
        TakeOverSkus();
        return UnitsBySku.GetValueOrDefault(SkuHash(sku));
    }

    public void Add(string sku, long units)
    {
        TakeOverSkus();
        var key = SkuHash(sku);
        UnitsBySku[key] = UnitsBySku.GetValueOrDefault(key) + units;
    }

    private void TakeOverSkus()
    {
        if (Units.Count == 0)
        {
            return;
        }

        foreach (var (sku, units) in Units)
        {
            var key = SkuHash(sku);
            UnitsBySku[key] = UnitsBySku.GetValueOrDefault(key) + units;
        }

        Units.Clear();
    }

    /// <summary>FNV-1a over the sku's UTF-16 code units: stable across processes and versions, as stored keys must be.</summary>
    public static ulong SkuHash(string sku) => StableHash.Fnv1a(sku.AsSpan());
}
