using System.Diagnostics;
using Scalar.AspNetCore;
using Shop.Hosting;
using Shop.Gateway.Auth;
using Shop.Gateway.Cluster;
using Shop.Gateway.Endpoints;
using Shop.Gateway.Errors;
using Shop.Gateway.OpenApi;
using Shop.Gateway.Pipeline;
using Shop.Gateway.RateLimiting;
using Shop.Gateway.Resilience;
using Shop.Gateway.Services;

namespace Shop.Gateway;

/// <summary>Composition of the public HTTP gateway.</summary>
public sealed class Program
{
    private const string OpenApiCachePolicy = "openapi";

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.MaxBytes;
            // No "Server: Kestrel" banner: it tells an attacker what to look up.
            kestrel.AddServerHeader = false;
        });

        builder.AddShopTelemetry("orleans-shop-gateway");
        builder.Logging.AddShopConnectionRefusalLog();
        builder.AddShopClusterClient();
        builder.AddShopAuthentication();
        // After the Orleans client: hosted services start in registration order.
        builder.Services.AddHostedService<AdminAccountBootstrap>();
        builder.Services.AddShopResilience();
        builder.Services.AddShopServices();
        builder.Services.AddShopRateLimiting();
        builder.Services.AddTrustedProxies(builder.Configuration);

        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            ProblemTitles.Apply(context);
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // A key given twice in a JSON body is refused (400), not silently decided by the last one.
            o.SerializerOptions.AllowDuplicateProperties = false;
            // A number is a JSON number: "5" for a quantity is a 400, and the document types numbers
            // as numbers (the web default also reads them from strings, "number or string").
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        // After the framework's writer: writes the problems it declines because of the Accept header.
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        // Unreadable bodies throw in every environment, so BadRequestHandler can say what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Tried in this order; the last one answers everything else as a bare 500.
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<ClusterUnavailableHandler>();
        builder.Services.AddExceptionHandler<UnexpectedErrorHandler>();
        builder.Services.AddHealthChecks().AddCheck<ClusterServesHealthCheck>("cluster-serves", tags: [OperationalEndpoints.ReadyTag]);
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<BearerSecurityScheme>();
            o.AddOperationTransformer<OperationAnswers>();
            o.AddSchemaTransformer<RequiredFieldsAreNotNull>();
        });
        // The document is the same for every caller until the gateway restarts: built once, not per
        // request (it was the slowest route, about 400 answers/s).
        builder.Services.AddOutputCache(o => o.AddPolicy(OpenApiCachePolicy, policy => policy.Expire(TimeSpan.FromDays(365))));

        var app = builder.Build();
        // Fail at start-up, not on the first call, when a signing key (the users' tokens', the
        // service identity's) is missing or wrong.
        if (!app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccessTokenOptions>>().Value.UsesExternalProvider)
        {
            app.Services.GetRequiredService<SigningKeys>();
        }

        app.Services.GetRequiredService<ServiceTokenIssuer>();
        if (!ClusterTls.Options(app.Configuration).Enabled)
        {
            app.Logger.LogWarning("TLS DISABLED (Shop:Tls:Enabled=false): connections to the silos are plain TCP.");
        }

        // First: the client's address from a trusted proxy, for the per-IP limits and the logs.
        app.UseTrustedProxies(app.Configuration);
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        // Empty error answers (401 from the bearer handler, 403, 404 of unknown routes, 405) become problem details too.
        app.UseStatusCodePages();
        app.UseDegradedHeader();
        app.UseRequestBodyLimit();
        app.UseRequestCharsetCheck();
        app.UseAuthentication();
        // After authentication, so callers are told apart by the user in their token.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseOutputCache();

        // /health, /ready and /metrics as every process of the shop serves them, never rate limited
        // (an orchestrator's probes must not be refused for being frequent).
        app.MapShopOperationalEndpoints().DisableRateLimiting();
        app.MapOpenApi().AllowAnonymous().CacheOutput(OpenApiCachePolicy);
        if (app.Environment.IsDevelopment())
        {
            // The interactive API reference at /scalar/v1 (Development only).
            app.MapScalarApiReference().AllowAnonymous().ExcludeFromDescription();
        }

        app.MapAccountEndpoints();
        app.MapUserEndpoints();
        app.MapProductEndpoints();
        app.MapOrderEndpoints();
        app.MapStatsEndpoints();
        app.MapDashboardEndpoints();

        await app.RunAsync();
    }
}
