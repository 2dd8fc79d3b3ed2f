using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Shop.Gateway.Auth;
using Shop.Gateway.Cluster;
using Shop.Gateway.Endpoints;
using Shop.Gateway.Health;
using Shop.Gateway.Http;

namespace Shop.Gateway;

/// <summary>Composition of the public HTTP gateway.</summary>
public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddShopClusterClient();
        builder.AddShopAuthentication();
        // After the Orleans client: hosted services start in registration order.
        builder.Services.AddHostedService<AdminAccountBootstrap>();

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier));
        // Unreadable bodies throw in every environment, so BadRequestHandler can say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
        builder.Services.AddHealthChecks().AddCheck<ClusterReadyHealthCheck>("cluster", tags: ["ready"]);
        builder.Services.AddOpenApi();

        var app = builder.Build();

        app.UseExceptionHandler();
        // Empty error answers (401 from the bearer handler, 403, 404 of unknown routes, 405) become problem details too.
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapOpenApi();

        app.MapAccountEndpoints();
        app.MapUserEndpoints();
        app.MapProductEndpoints();
        app.MapOrderEndpoints();
        app.MapStatsEndpoints();

        await app.RunAsync();
    }
}
