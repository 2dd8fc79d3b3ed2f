namespace Shop.Grains.Analytics;

[GenerateSerializer, Alias("Shop.Grains.Analytics.ShopStatsState")]
public sealed class ShopStatsState
{
    [Id(0)] public long Created { get; set; }
    [Id(1)] public long Confirmed { get; set; }
    [Id(2)] public long Rejected { get; set; }
    [Id(3)] public long Cancelled { get; set; }
    [Id(4)] public decimal Revenue { get; set; }
    /// <summary>Units sold per sku (confirmed minus cancelled-after-confirmation).</summary>
    [Id(5)] public Dictionary<string, long> UnitsSold { get; set; } = [];
}
