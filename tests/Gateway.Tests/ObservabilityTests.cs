using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using Shop.Silo.Health;

namespace Shop.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ObservabilityTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_gateway_serves_prometheus_metrics_with_aspnetcore_and_shop_instruments()
    {
        var client = Api.Anonymous(fixture.Gateway);
        await client.GetAsync("/api/products");

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("shop_gateway_circuit_state", text);
        Assert.Contains("service=\"inventory\"", text);
    }

    [Fact]
    public async Task One_trace_runs_from_the_http_request_through_grain_calls_into_the_stream_consumers()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
                || source.Name.StartsWith("Shop.", StringComparison.Ordinal)
                || source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var traceId = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { items = new[] { new { sku = "CB-010", quantity = 1 } } }),
            Headers = { { "traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01" } },
        };

        Assert.Equal(HttpStatusCode.Accepted, (await user.SendAsync(request)).StatusCode);

        var inTrace = await Eventually.Until(() => Task.FromResult(spans.Where(s => s.TraceId == traceId).ToArray()),
            s => s.Any(a => a.DisplayName.Contains("OrderReservationConsumer")) && s.Any(a => a.DisplayName.Contains("OrderConfirmationMailer")),
            "the consumers' spans in the request's trace");
        Assert.Contains(inTrace, a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.Contains(inTrace, a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && a.DisplayName.Contains("Place"));
        Assert.Contains(inTrace, a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && a.DisplayName.Contains("Reserve"));
    }

    [Fact]
    public async Task A_silo_that_has_left_the_cluster_is_not_ready()
    {
        await using var silo = await ShopSiloHost.StartAsync();
        var check = ActivatorUtilities.CreateInstance<SiloActiveHealthCheck>(silo.Services);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("silo", check, null, null) };

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(context)).Status);
        await silo.StopAsync();
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(context)).Status);
    }
}
