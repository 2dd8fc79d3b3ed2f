using Shop.Analytics;

namespace Shop.Grains.Analytics;

public sealed class ShopStatsGrain(
    [PersistentState("stats", StorageNames.Analytics)] IPersistentState<ShopStatsState> state) : Grain, IShopStatsGrain
{
    private const int TopProductCount = 5;

    public async Task Apply(StatsDelta delta)
    {
        var s = state.State;
        s.Created += delta.Created;
        s.Confirmed += delta.Confirmed;
        s.Rejected += delta.Rejected;
        s.Cancelled += delta.Cancelled;
        s.Revenue += delta.Revenue;
        foreach (var sale in delta.Sales)
        {
            var units = s.UnitsSold.GetValueOrDefault(sale.Sku) + sale.Quantity;
            if (units == 0)
            {
                s.UnitsSold.Remove(sale.Sku);
            }
            else
            {
                s.UnitsSold[sale.Sku] = units;
            }
        }

        await state.WriteStateAsync();
    }

    public Task<ShopStatistics> Get()
    {
        var s = state.State;
        var top = s.UnitsSold
            .Where(kv => kv.Value > 0)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(TopProductCount)
            .Select(kv => new ProductSales(kv.Key, (int)Math.Min(kv.Value, int.MaxValue)))
            .ToArray();
        return Task.FromResult(new ShopStatistics(s.Created, s.Confirmed, s.Rejected, s.Cancelled, s.Revenue, top));
    }
}
