using Shop.Analytics;
using Shop.Gateway.Auth;
using Shop.Gateway.Http;
using Shop.Gateway.Resilience;

namespace Shop.Gateway.Endpoints;

public static class StatsEndpoints
{
    public static void MapStatsEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/stats", async (IClusterClient cluster, ClusterCalls calls) => TypedResults.Ok((await ReadStats(cluster, calls)).ToResponse()))
            .WithTags("Aggregation")
            .RequireAuthorization(AuthSetup.AdminPolicy)
            .Produces<StatsResponse>();

    /// <summary>The shop statistics, with the last good answer as fallback (the dashboard shares it).</summary>
    internal static Task<ShopStatistics> ReadStats(IClusterClient cluster, ClusterCalls calls) =>
        calls.Read(DownstreamService.Analytics, "stats", () => cluster.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Get());
}
