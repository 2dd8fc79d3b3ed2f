using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Shop.Hosting;

/// <summary>
/// OpenTelemetry for the silo and the gateway (ServiceDefaults, referenced by both): metrics exported in
/// Prometheus format at /metrics (Orleans' meters, ASP.NET Core's, the runtime's and the shop's),
/// traces across HTTP, grain calls and stream consumers, and OTLP export of both when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (traces are only recorded then), logs too then. Logs carry the trace id; outside Development they are JSON.
/// With OTEL_SERVICE_NAME set (Aspire's AppHost sets it to the resource name, with service.instance.id in
/// OTEL_RESOURCE_ATTRIBUTES) the process keeps that name, so the dashboard ties its telemetry to the resource.
/// </summary>
public static class ShopTelemetry
{
    /// <summary>Every meter and activity source of the shop starts with this.</summary>
    public const string ShopPrefix = "Shop.";

    public static WebApplicationBuilder AddShopTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        // The default resource already reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES; AddService
        // would replace both (and give the process a random instance id).
        var named = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (!named)
                {
                    resource.AddService(serviceName);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Microsoft.Orleans")
                    .AddMeter($"{ShopPrefix}*")
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                // Spans are recorded only when they go somewhere: without an exporter every request
                // and grain call would pay for spans nobody reads (measured: see BENCHMARKS.md).
                // Sampling follows the standard OTEL_TRACES_SAMPLER(_ARG) variables.
                if (otlp)
                {
                    tracing.AddAspNetCoreInstrumentation()
                        // Orleans' own sources: without them traces stop at the first grain call. The
                        // runtime's background work that no operation caused is left out (UncausedRuntimeWork).
                        .AddSource("Microsoft.Orleans.Runtime")
                        .AddSource("Microsoft.Orleans.Application")
                        .AddSource($"{ShopPrefix}*")
                        .AddProcessor(new UncausedRuntimeWork())
                        .AddOtlpExporter();
                }
            });

        // The trace and span ids in every log line's scope, so logs join their trace.
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o => o.IncludeScopes = true);
        }
        else
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }

        if (otlp)
        {
            // Structured logs to the same collector (the Aspire dashboard's "Structured logs"), beside the console.
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
            builder.Services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>GET /metrics in the Prometheus text format.</summary>
    public static IEndpointConventionBuilder MapShopMetrics(this IEndpointRouteBuilder app) => app.MapPrometheusScrapingEndpoint("/metrics");
}

/// <summary>
/// Leaves out the traces of the Orleans runtime's own background work. A root span of Orleans'
/// runtime source (no parent: a timer tick, IGrainTimerInvoker/..., a stream pulling agent's
/// IMemoryStreamQueueGrain/Dequeue poll, a membership or manifest call) is marked not recorded when
/// it starts, and so is what it causes: a span whose parent in this process is not recorded, and an
/// Orleans span whose caller in another process was not (its traceparent says so). Without the
/// last two, a sampler that ignores the parent (Aspire sets OTEL_TRACES_SAMPLER=always_on) would
/// export the children anyway. An idle embedded silo exported about 600 such traces a second, which
/// filled the Aspire dashboard's 100,000-trace store within three minutes and pushed out the traces
/// of requests. Spans inside a traced operation (an HTTP request's grain calls, the consumers'
/// Shop.Events spans, which continue the trace of the operation that raised the event) are kept.
/// </summary>
public sealed class UncausedRuntimeWork : BaseProcessor<Activity>
{
    private const string OrleansRuntime = "Microsoft.Orleans.Runtime";

    public override void OnStart(Activity activity)
    {
        if (LeftOut(activity))
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            activity.IsAllDataRequested = false;
        }
    }

    private static bool LeftOut(Activity activity) => activity switch
    {
        { Parent: { } parent } => !parent.Recorded,
        { HasRemoteParent: true } => activity.Source.Name.StartsWith("Microsoft.Orleans.", StringComparison.Ordinal)
            && activity.ParentId?.EndsWith("-00", StringComparison.Ordinal) == true,
        _ => activity.ParentSpanId == default && activity.Source.Name == OrleansRuntime,
    };
}
