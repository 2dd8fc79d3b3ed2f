namespace Shop.Analytics;

/// <summary>
/// Order counters and units sold per sku: the state of each statistics partition, what it answers,
/// and what the shop-wide statistics add up.
/// </summary>
[GenerateSerializer, Alias("Shop.Analytics.StatisticsCounters")]
public sealed class StatisticsCounters
{
    [Id(0)] public long Created { get; set; }
    [Id(1)] public long Confirmed { get; set; }
    [Id(2)] public long Rejected { get; set; }
    [Id(3)] public long Cancelled { get; set; }
    [Id(4)] public decimal Revenue { get; set; }
    /// <summary>Units sold per sku (confirmed minus cancelled-after-confirmation); no zero entries.</summary>
    [Id(5)] public Dictionary<string, long> UnitsSold { get; set; } = new(StringComparer.Ordinal);

    public void Apply(StatsDelta delta)
    {
        Created += delta.Created;
        Confirmed += delta.Confirmed;
        Rejected += delta.Rejected;
        Cancelled += delta.Cancelled;
        Revenue += delta.Revenue;
        foreach (var sale in delta.Sales)
        {
            AddUnits(sale.Sku, sale.Quantity);
        }
    }

    public void Add(StatisticsCounters other)
    {
        Created += other.Created;
        Confirmed += other.Confirmed;
        Rejected += other.Rejected;
        Cancelled += other.Cancelled;
        Revenue += other.Revenue;
        foreach (var (sku, units) in other.UnitsSold)
        {
            AddUnits(sku, units);
        }
    }

    public StatisticsCounters Copy()
    {
        var copy = new StatisticsCounters();
        copy.Add(this);
        return copy;
    }

    private void AddUnits(string sku, long quantity)
    {
        var units = UnitsSold.GetValueOrDefault(sku) + quantity;
        if (units == 0)
        {
            UnitsSold.Remove(sku);
        }
        else
        {
            UnitsSold[sku] = units;
        }
    }
}
