using Orleans.Concurrency;
using Shop.Analytics;

namespace Shop.Grains.Analytics;

/// <summary>
/// The shop's counters: one grain that every order event of the shop reaches. Writes are grouped
/// (group commit): the grain is reentrant, each Apply changes the counters in memory and waits for
/// the next write, and one write carries every change made while the previous one was running. A
/// caller still returns only once its change is stored, but the grain writes once per batch instead
/// of once per event, which is what bounded the shop's order rate.
/// </summary>
[Reentrant]
public sealed class ShopStatsGrain(
    [PersistentState("stats", StorageNames.Analytics)] IPersistentState<ShopStatsState> state) : Grain, IShopStatsGrain
{
    private const int TopProductCount = 5;

    // The last write started (or finished), and the write that will carry the changes made since.
    private Task _lastWrite = Task.CompletedTask;
    private Task? _nextWrite;
    private bool _writeFailed;

    public Task Apply(StatsDelta delta)
    {
        if (_writeFailed)
        {
            // The counters in memory hold changes whose callers were told they failed (and retry):
            // nothing more is written from this activation, which is on its way out.
            throw new InvalidOperationException("The statistics could not be stored; retry.");
        }

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

        return _nextWrite ??= _lastWrite = WriteAfter(_lastWrite);
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

    private async Task WriteAfter(Task previous)
    {
        // Yield first: the callers that arrive before this write starts join it.
        await Task.Yield();
        try
        {
            await previous;
        }
        catch
        {
            // The previous batch's callers got its failure; _writeFailed stops this one below.
        }

        _nextWrite = null;
        if (_writeFailed)
        {
            throw new InvalidOperationException("The statistics could not be stored; retry.");
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The silo's storage discards this activation after a failed write (FailureAwareGrainStorage);
            // until it is gone, no reentrant caller may build on the counters it holds.
            _writeFailed = true;
            throw;
        }
    }
}
