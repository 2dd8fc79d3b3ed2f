using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Gateway.Auth;
using Shop.Gateway.Contract;
using Shop.Gateway.Resilience;
using Shop.Gateway.Services;

namespace Shop.Gateway.Endpoints;

/// <summary>
/// The aggregation of the API gateway pattern: the user, their 10 latest orders, their own figures
/// and the shop's top products (public), fetched in parallel. Shop-wide order counts and revenue are
/// not here: they are admin-only at /api/stats. A part whose service fails comes from its last good answer or
/// is null, and is named in "degraded"; each part is bounded by its service's timeout, so the whole
/// answer takes about as long as the slowest part, never longer than the timeout.
/// </summary>
public static class DashboardEndpoints
{
    public const int RecentOrders = 10;

    public static void MapDashboardEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/dashboard", GetDashboard).WithTags("Aggregation").RequireAuthorization()
            .WithName("GetDashboard").WithSummary("The caller's profile, latest orders, own order figures and the shop's top products in one answer")
            .WithDescription("Never fails as a whole: a part whose service is down is null and named in 'degraded' (also the X-Shop-Degraded header).");

    private static async Task<Ok<DashboardResponse>> GetDashboard(
        ClaimsPrincipal principal, UsersService users, OrdersService orders, AnalyticsService analytics, DegradedParts degraded)
    {
        var userId = principal.UserId();
        var profile = Part(DownstreamService.Users, degraded, () => users.Profile(userId));
        var recent = Part(DownstreamService.Orders, degraded, async () => await orders.Recent(userId, RecentOrders));
        var mine = Part(DownstreamService.Orders, degraded, async () => await orders.Statistics(userId));
        var shop = Part(DownstreamService.Analytics, degraded, async () => await analytics.Statistics());
        await Task.WhenAll(profile, recent, mine, shop);

        return TypedResults.Ok(new DashboardResponse(
            (await profile)?.ToResponse(),
            (await recent)?.Select(o => o.ToResponse()).ToArray(),
            (await mine)?.ToResponse(),
            (await shop)?.ToResponse().TopProducts,
            degraded.Parts));
    }

    /// <summary>One part: its value, or null (and named degraded) when its service has no answer at all.</summary>
    private static async Task<T?> Part<T>(DownstreamService service, DegradedParts degraded, Func<Task<T?>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (ServiceUnavailableException)
        {
            degraded.Add(ClusterCalls.PartName(service));
            return null;
        }
    }
}
