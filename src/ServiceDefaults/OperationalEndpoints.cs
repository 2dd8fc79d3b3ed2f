using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Shop.Hosting;

/// <summary>
/// The routes every process of the shop serves to its operators and orchestrator, the same in the
/// silo and the gateway: <c>/health</c> (liveness: runs no check, answers while the process serves
/// HTTP at all), <c>/ready</c> (the checks tagged <see cref="ReadyTag"/>) and <c>/metrics</c> (Prometheus).
/// </summary>
public static class OperationalEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Maps the three routes, open to anyone, GET and HEAD only (their libraries map every method,
    /// so TRACE and POST got 200 instead of the 405 of every other route), outside the public API's
    /// OpenAPI document. The result lets a host add its own conventions (the gateway exempts them
    /// from its rate limits).
    /// </summary>
    public static RouteGroupBuilder MapShopOperationalEndpoints(this IEndpointRouteBuilder app)
    {
        var operational = app.MapGroup("").AllowAnonymous().ExcludeFromDescription()
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
        operational.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        operational.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        operational.MapShopMetrics();
        return operational;
    }
}
