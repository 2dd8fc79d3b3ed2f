using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Shop.Gateway.Errors;
using Shop.Gateway.Resilience;

namespace Shop.Gateway.Tests;

/// <summary>
/// The concurrency limit in front of the cluster calls (Shop:Resilience:MaxConcurrentCalls): what it
/// cannot run is refused at once with 503, its own problem type and Retry-After, instead of waiting in
/// a queue; it is per service, does not count long polls, and frees as soon as the running calls end.
/// Grains are held by the test-only fault injection filter; each test runs a gateway of its own.
/// </summary>
[Collection(GatewayFaultsCollection.Name)]
public sealed class OverloadTests(FaultInjectingGatewayFixture fixture)
{
    private GatewayFactory Gateway(int maxConcurrentCalls)
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:Resilience:Timeout"] = "00:00:10";
        settings["Shop:Resilience:RetryDeadline"] = "00:00:10";
        settings["Shop:Resilience:MaxConcurrentCalls"] = maxConcurrentCalls.ToString();
        settings["Shop:Resilience:MaxQueuedCalls"] = "0";
        return new GatewayFactory(settings);
    }

    private static async Task<string> NewProduct(HttpClient admin)
    {
        var sku = $"O-{Guid.NewGuid():N}"[..12];
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Busy", price = 1m, stock = 5 })).StatusCode);
        return sku;
    }

    [Fact]
    public async Task A_call_past_the_concurrency_limit_is_refused_at_once_with_503_and_Retry_After_and_the_limit_frees_when_the_calls_end()
    {
        await using var gateway = Gateway(maxConcurrentCalls: 2);
        var admin = await Api.Admin(gateway);
        var (user, _, _) = await Api.NewUser(gateway);
        var skus = new[] { await NewProduct(admin), await NewProduct(admin), await NewProduct(admin) };

        Task<HttpResponseMessage>[] running;
        using (FaultInjection.Hang("IProductGrain", "GetDetails", TimeSpan.FromSeconds(4)))
        {
            FaultInjection.ResetPeak();
            running = [user.GetAsync($"/api/products/{skus[0]}"), user.GetAsync($"/api/products/{skus[1]}")];
            await Eventually.Until(() => Task.FromResult(FaultInjection.PeakConcurrentHangs), peak => peak >= 2,
                "both product reads to be running in the silo", TimeSpan.FromSeconds(10));

            // The inventory service has its two calls running: the third is not sent, and is told so at once.
            var clock = Stopwatch.StartNew();
            var refused = await user.GetAsync($"/api/products/{skus[2]}");
            clock.Stop();
            var problem = await refused.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.Equal(ClusterUnavailableHandler.OverloadedType, problem.GetProperty("type").GetString());
            Assert.Contains("inventory", problem.GetProperty("detail").GetString());
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the refusal took {clock.Elapsed}: it waited instead of being refused");
            Assert.True(FaultInjection.PeakConcurrentHangs == 2, "the refused read reached the silo");

            // A refusal is not a failure of the service, and the other services have limits of their own.
            Assert.Equal(CircuitState.Closed, gateway.Services.GetRequiredService<CircuitStates>().Get(DownstreamService.Inventory));
            Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/users/me")).StatusCode);
        }

        foreach (var answer in await Task.WhenAll(running))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        // The running calls ended: the next one is served at once, no cool-down.
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync($"/api/products/{skus[2]}")).StatusCode);
    }

    [Fact]
    public async Task A_refused_placement_says_nothing_was_sent_so_the_same_key_places_the_order_once_later()
    {
        await using var gateway = Gateway(maxConcurrentCalls: 1);
        var admin = await Api.Admin(gateway);
        var (user, _, _) = await Api.NewUser(gateway);
        var sku = await NewProduct(admin);
        var held = await NewProduct(admin);

        HttpResponseMessage refused;
        Task<HttpResponseMessage> running;
        using (FaultInjection.Hang("IOrderGrain", "Get", TimeSpan.FromSeconds(4)))
        {
            FaultInjection.ResetPeak();
            var (other, _, _) = await Api.NewUser(gateway);
            var placed = await Owasp.Shopping.PlaceOrder(other, held);
            running = other.GetAsync(placed.Headers.Location!.OriginalString);
            await Eventually.Until(() => Task.FromResult(FaultInjection.PeakConcurrentHangs), peak => peak >= 1,
                "the order read to be running in the silo", TimeSpan.FromSeconds(10));

            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(new { items = new[] { new { sku, quantity = 1 } } }) };
            request.Headers.Add("Idempotency-Key", "overload-1");
            refused = await user.SendAsync(request);
        }

        // Not the outcome-unknown answer: the call never left the gateway.
        var problem = await refused.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(ClusterUnavailableHandler.OverloadedType, problem.GetProperty("type").GetString());
        Assert.Null(refused.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);

        using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(new { items = new[] { new { sku, quantity = 1 } } }) };
        retry.Headers.Add("Idempotency-Key", "overload-1");
        Assert.Equal(HttpStatusCode.Accepted, (await user.SendAsync(retry)).StatusCode);
    }

    [Fact]
    public async Task A_call_waiting_to_be_retried_after_a_crashed_silo_gives_its_place_in_the_limit_to_the_next_call()
    {
        await using var gateway = Gateway(maxConcurrentCalls: 1);
        var admin = await Api.Admin(gateway);
        var (user, _, _) = await Api.NewUser(gateway);
        var (behindDeadSilo, other, unread) = (await NewProduct(admin), await NewProduct(admin), await NewProduct(admin));

        Task<HttpResponseMessage> retried;
        var attempts = 0;
        using (FaultInjection.Throw("IProductGrain", "GetDetails", () =>
               {
                   Interlocked.Increment(ref attempts);
                   return new Orleans.Runtime.SiloUnavailableException("the silo of this grain died");
               }, targetKey: behindDeadSilo))
        {
            retried = user.GetAsync($"/api/products/{behindDeadSilo}");
            await Eventually.Until(() => Task.FromResult(Volatile.Read(ref attempts)), n => n >= 2,
                "the read of the product behind the dead silo to be retried", TimeSpan.FromSeconds(10));

            // The only place of the inventory service's limit is free while that read waits for its silo.
            var served = await user.GetAsync($"/api/products/{other}");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.False(retried.IsCompleted, "the retried read ended before the other read was served: the test proved nothing");
        }

        // The silo is "back": the retried read is answered.
        Assert.Equal(HttpStatusCode.OK, (await retried).StatusCode);

        // And its place was given back once only: the limit still holds one call, not two.
        using (FaultInjection.Hang("IProductGrain", "GetDetails", TimeSpan.FromSeconds(3), targetKey: other))
        {
            FaultInjection.ResetPeak();
            var running = user.GetAsync($"/api/products/{other}");
            await Eventually.Until(() => Task.FromResult(FaultInjection.PeakConcurrentHangs), peak => peak >= 1,
                "the read to be running in the silo", TimeSpan.FromSeconds(10));
            // A product never read, so no last good answer stands in for the refusal.
            var refused = await user.GetAsync($"/api/products/{unread}");
            Assert.Equal(ClusterUnavailableHandler.OverloadedType, (await refused.AssertProblem(HttpStatusCode.ServiceUnavailable)).GetProperty("type").GetString());
            Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        }
    }

    [Fact]
    public async Task Long_polls_take_no_place_in_the_limit()
    {
        await using var gateway = Gateway(maxConcurrentCalls: 1);
        var admin = await Api.Admin(gateway);
        var (user, _, _) = await Api.NewUser(gateway);
        var sku = await NewProduct(admin);
        var first = (await Owasp.Shopping.PlaceOrder(user, sku)).Headers.Location!.OriginalString;
        var second = (await Owasp.Shopping.PlaceOrder(user, sku)).Headers.Location!.OriginalString;

        using (FaultInjection.Hang("IOrderGrain", "WaitWhilePending", TimeSpan.FromSeconds(3)))
        {
            FaultInjection.ResetPeak();
            var polls = new[] { user.GetAsync($"{first}?wait=5"), user.GetAsync($"{second}?wait=5") };
            await Eventually.Until(() => Task.FromResult(FaultInjection.PeakConcurrentHangs), peak => peak >= 2,
                "both long polls to be waiting in the silo (past a limit of one call)", TimeSpan.FromSeconds(10));
            // And while they wait, the one ordinary call the limit allows is free.
            Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/orders")).StatusCode);
            foreach (var poll in await Task.WhenAll(polls))
            {
                Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            }
        }
    }
}
