using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Shop.Gateway.Resilience;
using Shop.Tests.Shared;

namespace Shop.Gateway.Tests;

/// <summary>
/// An open circuit first breaks briefly (a silo dying or a database restart is over in seconds: the
/// chaos run saw a 30 s break refuse every order long after the cluster had recovered), and each
/// failed probe doubles the break up to its maximum, so a long outage is not hammered.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CircuitBreakTests(GatewayFixture fixture)
{
    [Fact]
    public void The_break_starts_short_and_doubles_with_each_failed_probe_up_to_its_maximum()
    {
        var defaults = new ResilienceSettings();
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.BreakAfter(0));
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.BreakAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(20), defaults.BreakAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.BreakAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.BreakAfter(1000));
        Assert.Equal(TimeSpan.FromSeconds(7), new ResilienceSettings { BreakDuration = TimeSpan.FromSeconds(7), MaxBreakDuration = TimeSpan.FromSeconds(1) }.BreakAfter(3));
    }

    [Fact]
    public async Task A_failed_probe_keeps_the_circuit_open_for_twice_as_long()
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:Resilience:MinimumThroughput"] = "4";
        settings["Shop:Resilience:BreakDuration"] = "00:00:02";
        await using var gateway = new GatewayFactory(settings);
        var admin = await Api.Admin(gateway);
        var sku = $"CB-{Guid.NewGuid():N}"[..12];
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Breaker", price = 1m, stock = 1 })).StatusCode);
        var client = Api.Anonymous(gateway);

        using (FaultInjection.Fail("IProductGrain", "GetDetails", targetKey: sku))
        {
            // Failures open the circuit for the first, short break.
            for (var i = 0; i < 4; i++)
            {
                await (await client.GetAsync($"/api/products/{sku}")).AssertProblem(HttpStatusCode.ServiceUnavailable);
            }

            Assert.Equal(CircuitState.Open, gateway.Services.GetRequiredService<CircuitStates>().Get(DownstreamService.Inventory));
            var first = await client.GetAsync($"/api/products/{sku}");
            Assert.InRange(first.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 2);

            // After it, one probe: it fails, and the circuit opens again for twice as long.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            await (await client.GetAsync($"/api/products/{sku}")).AssertProblem(HttpStatusCode.ServiceUnavailable);
            var second = await client.GetAsync($"/api/products/{sku}");
            await second.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.InRange(second.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 3, 4);
        }
    }
}
