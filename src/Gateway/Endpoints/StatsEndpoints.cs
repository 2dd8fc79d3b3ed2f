using Shop.Analytics;
using Shop.Gateway.Auth;
using Shop.Gateway.Http;

namespace Shop.Gateway.Endpoints;

public static class StatsEndpoints
{
    public static void MapStatsEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/stats", async (IClusterClient cluster) =>
                TypedResults.Ok((await cluster.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Get()).ToResponse()))
            .WithTags("Aggregation")
            .RequireAuthorization(AuthSetup.AdminPolicy);
}
