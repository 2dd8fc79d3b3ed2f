using Shop.Analytics;

namespace Shop.Grains.Analytics;

/// <summary>The counters stored before order events were partitioned (and added to by consumers of that version).</summary>
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

    public void Apply(StatsDelta delta)
    {
        var counters = ToCounters();
        counters.Apply(delta);
        (Created, Confirmed, Rejected, Cancelled, Revenue, UnitsSold) =
            (counters.Created, counters.Confirmed, counters.Rejected, counters.Cancelled, counters.Revenue, counters.UnitsSold);
    }

    public StatisticsCounters ToCounters() => new()
    {
        Created = Created,
        Confirmed = Confirmed,
        Rejected = Rejected,
        Cancelled = Cancelled,
        Revenue = Revenue,
        UnitsSold = new Dictionary<string, long>(UnitsSold, StringComparer.Ordinal),
    };
}
