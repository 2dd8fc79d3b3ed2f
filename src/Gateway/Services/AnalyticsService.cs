using Shop.Analytics;
using Shop.Gateway.Resilience;

namespace Shop.Gateway.Services;

/// <summary>The analytics service: the shop's statistics, with the last good answer as fallback.</summary>
public sealed class AnalyticsService(IClusterClient cluster, ClusterCalls calls)
{
    public Task<ShopStatistics> Statistics() =>
        calls.Read(DownstreamService.Analytics, "stats", () => cluster.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Get());
}
