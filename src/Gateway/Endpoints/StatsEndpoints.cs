using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Gateway.Auth;
using Shop.Gateway.Contract;
using Shop.Gateway.Services;

namespace Shop.Gateway.Endpoints;

/// <summary>The shop-wide statistics: administrators only.</summary>
public static class StatsEndpoints
{
    public static void MapStatsEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/stats", GetStats).WithTags("Aggregation").RequireAuthorization(AuthSetup.AdminPolicy)
            .WithName("GetShopStatistics").WithSummary("Orders and revenue of the whole shop (admin)");

    private static async Task<Ok<StatsResponse>> GetStats(AnalyticsService analytics) =>
        TypedResults.Ok((await analytics.Statistics()).ToResponse());
}
