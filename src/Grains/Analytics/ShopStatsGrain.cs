using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Shop.Analytics;
using Shop.Grains.Events;
using Shop.Grains.Storage;
using Shop.Orders;

namespace Shop.Grains.Analytics;

/// <summary>
/// The shop's statistics: the sum of every statistics partition's counters (each partition counts
/// its own events, see <see cref="OrderStatisticsConsumer"/>) and of the counters this grain stored
/// before the events were partitioned. <see cref="Apply"/> still adds to those, for the per-order
/// consumers of an earlier version during a rolling upgrade (group-committed, as before).
/// </summary>
[Reentrant]
public sealed class ShopStatsGrain : Grain, IShopStatsGrain
{
    private const int TopProductCount = 5;
    private readonly IPersistentState<ShopStatsState> _state;
    private readonly int _partitions;
    private readonly GroupCommit _commit;

    public ShopStatsGrain(
        [PersistentState("stats", StorageNames.Analytics)] IPersistentState<ShopStatsState> state,
        IOptions<OrderStreamOptions> streams)
    {
        _state = state;
        _partitions = streams.Value.Partitions;
        _commit = new GroupCommit(() => _state.WriteStateAsync());
    }

    public Task Apply(StatsDelta delta)
    {
        if (_commit.Failed)
        {
            // The counters in memory hold changes whose callers were told they failed (and retry).
            throw new InvalidOperationException("The statistics could not be stored; retry.");
        }

        _state.State.Apply(delta);
        return _commit.Commit();
    }

    public async Task<ShopStatistics> Get()
    {
        var partitions = await Task.WhenAll(Enumerable.Range(0, _partitions)
            .Select(p => GrainFactory.GetGrain<IOrderStatisticsConsumer>(p).GetCounters()));
        var total = _state.State.ToCounters();
        foreach (var counters in partitions)
        {
            total.Add(counters);
        }

        var top = total.UnitsSold
            .Where(kv => kv.Value > 0)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(TopProductCount)
            .Select(kv => new ProductSales(kv.Key, (int)Math.Min(kv.Value, int.MaxValue)))
            .ToArray();
        return new ShopStatistics(total.Created, total.Confirmed, total.Rejected, total.Cancelled, total.Revenue, top);
    }
}
