using System.Security.Claims;
using Shop.Gateway.Http;
using Shop.Gateway.Resilience;

namespace Shop.Gateway.Endpoints;

/// <summary>
/// The aggregation of the API gateway pattern: the user, their 10 latest orders and the shop
/// statistics, fetched in parallel. A part whose service fails comes from its last good answer or
/// is null, and is named in "degraded"; each part is bounded by its service's timeout, so the whole
/// answer takes about as long as the slowest part, never longer than the timeout.
/// </summary>
public static class DashboardEndpoints
{
    public const int RecentOrders = 10;

    public static void MapDashboardEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/dashboard", GetDashboard).WithTags("Aggregation").RequireAuthorization().Produces<DashboardResponse>();

    private static async Task<IResult> GetDashboard(ClaimsPrincipal principal, IClusterClient cluster, ClusterCalls calls, DegradedParts degraded)
    {
        var userId = principal.UserId();
        var user = Part(DownstreamService.Users, degraded, () => UserEndpoints.ReadProfile(userId, cluster, calls));
        var orders = Part(DownstreamService.Orders, degraded, async () => await OrderEndpoints.ReadRecentOrders(userId, RecentOrders, cluster, calls));
        var stats = Part(DownstreamService.Analytics, degraded, async () => await StatsEndpoints.ReadStats(cluster, calls));
        await Task.WhenAll(user, orders, stats);

        return TypedResults.Ok(new DashboardResponse(
            (await user)?.ToResponse(),
            (await orders)?.Select(o => o.ToResponse()).ToArray(),
            (await stats)?.ToResponse(),
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
