using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Shop.Gateway.Resilience;

namespace Shop.Gateway.Tests;

/// <summary>
/// Grains made to fail or hang (by the test-only fault injection filter in the silo): each test runs
/// a gateway of its own, so circuit states and fallback caches start fresh.
/// </summary>
[Collection(GatewayFaultsCollection.Name)]
public sealed class ResilienceTests(FaultInjectingGatewayFixture fixture)
{
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(2);

    private GatewayFactory Gateway(TimeSpan? timeout = null, TimeSpan? retryDeadline = null)
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:Resilience:Timeout"] = (timeout ?? TimeSpan.FromSeconds(3)).ToString();
        settings["Shop:Resilience:RetryDeadline"] = (retryDeadline ?? 2 * (timeout ?? TimeSpan.FromSeconds(3))).ToString();
        settings["Shop:Resilience:MinimumThroughput"] = "4";
        settings["Shop:Resilience:SamplingDuration"] = "00:00:30";
        settings["Shop:Resilience:BreakDuration"] = BreakDuration.ToString();
        return new GatewayFactory(settings);
    }

    private static CircuitState Circuit(GatewayFactory gateway, DownstreamService service) =>
        gateway.Services.GetRequiredService<CircuitStates>().Get(service);

    private static async Task<string> NewProduct(HttpClient admin, int stock = 10)
    {
        var sku = $"C-{Guid.NewGuid():N}"[..12];
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Resilient", price = 1m, stock })).StatusCode);
        return sku;
    }

    [Fact]
    public async Task A_failing_service_opens_only_its_circuit_serves_reads_from_cache_refuses_writes_and_recovers()
    {
        await using var gateway = Gateway();
        var admin = await Api.Admin(gateway);
        var (user, _, _) = await Api.NewUser(gateway);
        var sku = await NewProduct(admin);
        var uncached = await NewProduct(admin);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync($"/api/products/{sku}")).StatusCode); // remembered as last good

        using (FaultInjection.Fail("IProductGrain", "GetDetails"))
        {
            // Reads: the last good answer, marked degraded, while failures pile up and open the circuit.
            for (var i = 0; i < 5; i++)
            {
                var read = await user.GetAsync($"/api/products/{sku}");
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                Assert.Equal("inventory", Assert.Single(read.Headers.GetValues(DegradedParts.Header)));
                Assert.Equal(sku, (await read.Json()).GetProperty("sku").GetString());
            }

            Assert.Equal(CircuitState.Open, Circuit(gateway, DownstreamService.Inventory));
            // Only that circuit: users and orders are served normally.
            Assert.Equal(CircuitState.Closed, Circuit(gateway, DownstreamService.Users));
            var me = await user.GetAsync("/api/users/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.False(me.Headers.Contains(DegradedParts.Header));
            Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/orders")).StatusCode);

            // Writes (and reads with nothing to fall back on) fail fast with 503 + Retry-After.
            var write = await admin.PostAsJsonAsync($"/api/products/{sku}/restock", new { quantity = 1 });
            await write.AssertProblem(HttpStatusCode.ServiceUnavailable);
            Assert.True(write.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 and <= 30 });
            await (await user.GetAsync($"/api/products/{uncached}")).AssertProblem(HttpStatusCode.ServiceUnavailable);
        }

        // Healed: after the break the next call probes (half-open), succeeds, and closes the circuit.
        var fresh = await Eventually.Until(async () => await user.GetAsync($"/api/products/{sku}"),
            r => !r.Headers.Contains(DegradedParts.Header), "the inventory circuit to close", TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(CircuitState.Closed, Circuit(gateway, DownstreamService.Inventory));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/products/{sku}/restock", new { quantity = 1 })).StatusCode);
    }

    [Fact]
    public async Task A_hanging_service_is_cut_off_at_the_timeout_and_counts_as_failing()
    {
        await using var gateway = Gateway(timeout: TimeSpan.FromSeconds(1));
        var (user, _, _) = await Api.NewUser(gateway);
        var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku = "KB-001", quantity = 1 } } });
        var location = placed.Headers.Location!.ToString();
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(location)).StatusCode);
        var orderId = location.Split('/')[^1];

        using (FaultInjection.Hang("IOrderGrain", "Get", TimeSpan.FromSeconds(2), targetKey: Guid.Parse(orderId).ToString("N")))
        {
            var clock = Stopwatch.StartNew();
            var read = await user.GetAsync(location);
            clock.Stop();

            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("orders", Assert.Single(read.Headers.GetValues(DegradedParts.Header)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.9), $"answered after {clock.Elapsed}, past the 1 s timeout");
        }
    }

    [Fact]
    public async Task The_dashboard_fetches_its_parts_in_parallel()
    {
        await using var gateway = Gateway();
        var (user, userId, _) = await Api.NewUser(gateway);
        var admin = await Api.Admin(gateway);
        var sku = await NewProduct(admin);
        await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 1 } } });
        var part = TimeSpan.FromMilliseconds(800);
        var key = userId.ToString("N");

        FaultInjection.ResetPeak();
        Stopwatch clock;
        HttpResponseMessage response;
        using (FaultInjection.Hang("IUserGrain", "GetProfile", part, targetKey: key))
        using (FaultInjection.Hang("IUserOrdersGrain", "GetRecent", part, targetKey: key))
        using (FaultInjection.Hang("IShopStatsGrain", "Get", part))
        {
            clock = Stopwatch.StartNew();
            response = await user.GetAsync("/api/dashboard");
            clock.Stop();
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(userId, body.GetProperty("user").GetProperty("id").GetGuid());
        Assert.Equal(1, body.GetProperty("orders").GetArrayLength());
        Assert.Equal(1, body.GetProperty("stats").GetProperty("ordersPlaced").GetInt32());
        Assert.Equal(0, body.GetProperty("degraded").GetArrayLength());
        // All three parts were in flight at once, so the answer took about one part, not three. At
        // least three: the statistics hang matches every stats read of the shared silo, and a test
        // running beside this one may read them in the window (seen under ./test.sh --fast).
        Assert.True(FaultInjection.PeakConcurrentHangs >= 3, $"at most {FaultInjection.PeakConcurrentHangs} parts were in flight at once");
        Assert.True(clock.Elapsed < 3 * part, $"took {clock.Elapsed}: the parts ran one after another");
    }

    [Fact]
    public async Task A_hanging_dashboard_part_comes_from_cache_or_null_and_is_named_degraded_within_the_timeout()
    {
        await using var gateway = Gateway(timeout: TimeSpan.FromSeconds(1));
        var (user, userId, _) = await Api.NewUser(gateway);
        var (stranger, strangerId, _) = await Api.NewUser(gateway);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/dashboard")).StatusCode); // warms the user's last good answers

        using (FaultInjection.Hang("IUserGrain", "GetProfile", TimeSpan.FromSeconds(2), targetKey: userId.ToString("N")))
        using (FaultInjection.Hang("IUserGrain", "GetProfile", TimeSpan.FromSeconds(2), targetKey: strangerId.ToString("N")))
        {
            var clock = Stopwatch.StartNew();
            var cached = await (await user.GetAsync("/api/dashboard")).Json();
            var missing = await (await stranger.GetAsync("/api/dashboard")).Json();
            clock.Stop();

            Assert.Equal(userId, cached.GetProperty("user").GetProperty("id").GetGuid());
            Assert.Equal(["users"], cached.GetProperty("degraded").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(System.Text.Json.JsonValueKind.Null, missing.GetProperty("user").ValueKind);
            Assert.Equal(["users"], missing.GetProperty("degraded").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(0, missing.GetProperty("stats").GetProperty("ordersPlaced").GetInt32());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3.8), $"two dashboards took {clock.Elapsed}, past their 1 s timeouts");
        }
    }

    [Fact]
    public async Task Failing_notifications_open_their_own_circuit_and_leave_the_users_circuit_closed()
    {
        await using var gateway = Gateway();
        var (user, _, _) = await Api.NewUser(gateway);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/users/me/notifications")).StatusCode); // remembered as last good

        using (FaultInjection.Fail("INotificationGrain", "GetAll"))
        {
            for (var i = 0; i < 5; i++)
            {
                var read = await user.GetAsync("/api/users/me/notifications");
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                Assert.Equal("notifications", Assert.Single(read.Headers.GetValues(DegradedParts.Header)));
            }

            Assert.Equal(CircuitState.Open, Circuit(gateway, DownstreamService.Notifications));
            Assert.Equal(CircuitState.Closed, Circuit(gateway, DownstreamService.Users));
            var me = await user.GetAsync("/api/users/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.False(me.Headers.Contains(DegradedParts.Header));
        }
    }

    [Fact]
    public void The_break_starts_short_and_doubles_with_each_failed_probe_up_to_its_maximum()
    {
        var defaults = new ResilienceOptions();
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.BreakAfter(0));
        Assert.Equal(TimeSpan.FromSeconds(10), defaults.BreakAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(20), defaults.BreakAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.BreakAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.BreakAfter(1000));
        Assert.Equal(TimeSpan.FromSeconds(7), new ResilienceOptions { BreakDuration = TimeSpan.FromSeconds(7), MaxBreakDuration = TimeSpan.FromSeconds(1) }.BreakAfter(3));
    }

    /// <summary>
    /// An open circuit first breaks briefly (a silo dying or a database restart is over in seconds: the
    /// chaos run saw a 30 s break refuse every order long after the cluster had recovered), and each
    /// failed probe doubles the break, so a long outage is not hammered.
    /// </summary>
    [Fact]
    public async Task A_failed_probe_keeps_the_circuit_open_for_twice_as_long()
    {
        await using var gateway = Gateway();
        var sku = await NewProduct(await Api.Admin(gateway));
        var client = Api.Anonymous(gateway);
        async Task<double> RetryAfterSeconds()
        {
            var answer = await client.GetAsync($"/api/products/{sku}");
            await answer.AssertProblem(HttpStatusCode.ServiceUnavailable);
            return answer.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        }

        using (FaultInjection.Fail("IProductGrain", "GetDetails", targetKey: sku))
        {
            // Failures open the circuit for the first, short break.
            for (var i = 0; i < 4; i++)
            {
                await (await client.GetAsync($"/api/products/{sku}")).AssertProblem(HttpStatusCode.ServiceUnavailable);
            }

            Assert.Equal(CircuitState.Open, Circuit(gateway, DownstreamService.Inventory));
            Assert.InRange(await RetryAfterSeconds(), 1, BreakDuration.TotalSeconds);

            // Once the break is over, the next call is the probe: it fails, and the circuit opens
            // again, for twice as long (a Retry-After beyond the first break can only come from that).
            var second = await Eventually.Until(RetryAfterSeconds, seconds => seconds > BreakDuration.TotalSeconds, "the circuit to open again after a failed probe");
            Assert.InRange(second, 3, 2 * BreakDuration.TotalSeconds);
        }
    }

    [Fact]
    public async Task A_placement_that_times_out_says_its_outcome_is_unknown_names_the_order_and_a_retry_with_the_key_finds_it()
    {
        await using var gateway = Gateway(timeout: TimeSpan.FromSeconds(1));
        var (user, userId, _) = await Api.NewUser(gateway);
        var key = Guid.NewGuid().ToString("N");
        var orderId = Shop.Orders.OrderIds.FromIdempotencyKey(userId, key);
        HttpRequestMessage Placement() => new(HttpMethod.Post, "/api/orders")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new { items = new[] { new { sku = "KB-001", quantity = 1 } } }),
        };

        HttpResponseMessage unknown;
        // The silo takes longer than the gateway's timeout, and then places the order all the same.
        using (FaultInjection.Hang("IOrderGrain", "Place", TimeSpan.FromSeconds(2), targetKey: orderId.ToString("N")))
        {
            unknown = await user.SendAsync(Placement());
        }

        var problem = await unknown.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(Errors.OutcomeUnknownProblem.Type, problem.GetProperty("type").GetString());
        Assert.Equal($"/api/orders/{orderId}", unknown.Headers.Location?.ToString());
        Assert.True(unknown.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "the answer says when to come back");

        // The order did happen: its Location finds it, and the retry with the key answers it, not a second one.
        await Eventually.Until(async () => (await user.GetAsync($"/api/orders/{orderId}")).StatusCode, status => status == HttpStatusCode.OK, "the order appears at its Location");
        var retry = await user.SendAsync(Placement());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(orderId, (await retry.Json()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_cancellation_that_times_out_says_its_outcome_is_unknown_and_names_the_order()
    {
        await using var gateway = Gateway(timeout: TimeSpan.FromSeconds(1));
        var sku = await NewProduct(await Api.Admin(gateway));
        var (user, _, _) = await Api.NewUser(gateway);
        var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 1 } } });
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var orderId = (await placed.Json()).GetProperty("id").GetGuid();

        HttpResponseMessage unknown;
        // The silo takes longer than the gateway's timeout, and then cancels the order all the same.
        using (FaultInjection.Hang("IOrderGrain", "Cancel", TimeSpan.FromSeconds(2), targetKey: orderId.ToString("N")))
        {
            unknown = await user.PostAsync($"/api/orders/{orderId}/cancel", null);
        }

        var problem = await unknown.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(Errors.OutcomeUnknownProblem.Type, problem.GetProperty("type").GetString());
        Assert.Equal($"/api/orders/{orderId}", unknown.Headers.Location?.ToString());
        Assert.True(unknown.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "the answer says when to come back");

        // It did happen: the order at that Location is Cancelled, as the answer said it might be (a read
        // meanwhile waits behind the slow cancellation and may itself be answered 503).
        await Eventually.Until(async () =>
            {
                var order = await user.GetAsync($"/api/orders/{orderId}");
                return order.IsSuccessStatusCode ? (await order.Json()).GetProperty("status").GetString() : null;
            },
            status => status == "Cancelled", "the order at its Location to be Cancelled");
    }

    [Fact]
    public async Task A_password_change_that_times_out_says_its_outcome_is_unknown_and_the_ended_session_tells_the_client()
    {
        await using var gateway = Gateway(timeout: TimeSpan.FromSeconds(1));
        var (user, userId, email) = await Api.NewUser(gateway);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/users/me")).StatusCode);

        HttpResponseMessage unknown;
        // The silo takes longer than the gateway's timeout, and then changes the password all the same.
        using (FaultInjection.Hang("IUserGrain", "ChangePassword", TimeSpan.FromSeconds(2), targetKey: userId.ToString("N")))
        {
            unknown = await user.PutAsJsonAsync("/api/users/me/password", new { currentPassword = "password-1", newPassword = "password-2" });
        }

        var problem = await unknown.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(Errors.OutcomeUnknownProblem.Type, problem.GetProperty("type").GetString());
        Assert.Equal("/api/users/me", unknown.Headers.Location?.ToString());

        // It did happen: the token's session ended, which its Location tells, and the new password signs in.
        await Eventually.Until(async () => (await user.GetAsync("/api/users/me")).StatusCode,
            status => status == HttpStatusCode.Unauthorized, "the ended session to refuse the token at the Location");
        var fresh = gateway.CreateClient();
        await Api.LogIn(fresh, email, "password-2");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/users/me")).StatusCode);
    }

    [Fact]
    public async Task A_restock_that_times_out_says_its_outcome_is_unknown_and_names_the_product()
    {
        await using var gateway = Gateway(timeout: TimeSpan.FromSeconds(1));
        var admin = await Api.Admin(gateway);
        var sku = await NewProduct(admin, stock: 10);

        HttpResponseMessage unknown;
        // The silo takes longer than the gateway's timeout, and then restocks all the same: a blind
        // retry of this answer would add the quantity twice.
        using (FaultInjection.Hang("IProductGrain", "Restock", TimeSpan.FromSeconds(2), targetKey: sku))
        {
            unknown = await admin.PostAsJsonAsync($"/api/products/{sku}/restock", new { quantity = 5 });
        }

        var problem = await unknown.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(Errors.OutcomeUnknownProblem.Type, problem.GetProperty("type").GetString());
        Assert.Equal($"/api/products/{sku}", unknown.Headers.Location?.ToString());
        Assert.Contains("before restocking again", problem.GetProperty("detail").GetString());

        await Eventually.Until(async () =>
            {
                var product = await admin.GetAsync($"/api/products/{sku}");
                return product.IsSuccessStatusCode ? (await product.Json()).GetProperty("stock").GetInt32() : -1;
            },
            stock => stock == 15, "the restock to show at the product's Location");
    }

    [Fact]
    public async Task A_placement_that_meets_a_departing_silo_is_retried_and_answered_with_one_order()
    {
        await using var gateway = Gateway();
        var (user, _, _) = await Api.NewUser(gateway);
        HttpResponseMessage placed;
        // What a silo that died, or one leaving the cluster, makes the client see: the first two
        // attempts never reach the order grain.
        using (FaultInjection.Throw("IOrderGrain", "Place", () => new SiloUnavailableException("the silo of this grain died"), times: 2))
        {
            placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku = "KB-001", quantity = 1 } } });
        }

        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var orderId = (await placed.Json()).GetProperty("id").GetGuid();
        var mine = await (await user.GetAsync("/api/orders")).Json();
        Assert.Equal([orderId], mine.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_placement_whose_silo_died_after_storing_it_is_retried_and_answered_with_that_one_order()
    {
        await using var gateway = Gateway();
        var (user, _, _) = await Api.NewUser(gateway);
        HttpResponseMessage placed;
        // The first attempt tells the silo that the order is new (NewOrderHint) and stores it; the
        // retry meets a new activation, which has to find the order the first one stored.
        using (FaultInjection.LoseAnswerAndActivation("IOrderGrain", "Place", () => new SiloUnavailableException("the silo of this grain died"), times: 1))
        {
            placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku = "KB-001", quantity = 1 } } });
        }

        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        var order = await placed.Json();
        var mine = await (await user.GetAsync("/api/orders")).Json();
        Assert.Equal([order.GetProperty("id").GetGuid()], mine.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task A_sign_up_that_meets_a_departing_silo_is_retried_and_creates_the_account()
    {
        await using var gateway = Gateway();
        var client = Api.Anonymous(gateway);
        var email = $"{Guid.NewGuid():N}@example.com";
        HttpResponseMessage answer;
        using (FaultInjection.Throw("IUserDirectoryGrain", "Register", () => new SiloUnavailableException("the silo of this grain died"), targetKey: email, times: 1))
        {
            answer = await client.PostAsJsonAsync("/api/users", new { email, name = "Once", password = "password-1" });
        }

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        await Api.LogIn(client, email, "password-1");
    }

    [Fact]
    public async Task A_product_put_whose_answer_was_lost_is_retried_and_still_answers_201_created()
    {
        await using var gateway = Gateway();
        var admin = await Api.Admin(gateway);
        var sku = $"L-{Guid.NewGuid():N}"[..12];
        HttpResponseMessage answer;
        // The product is created, then the silo "dies" before the answer leaves it: the gateway's
        // retry meets a product that exists.
        using (FaultInjection.LoseAnswer("IProductGrain", "Upsert", () => new SiloUnavailableException("the silo of this grain died"), targetKey: sku, times: 1))
        {
            answer = await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Lost answer", price = 1m, stock = 5 });
        }

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.Equal($"/api/products/{sku}", answer.Headers.Location?.OriginalString);
        // A second PUT is a request of its own: an update.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Lost answer", price = 1m, stock = 6 })).StatusCode);
    }

    [Fact]
    public async Task A_sign_up_whose_answer_was_lost_is_retried_without_telling_the_new_owner_that_someone_tried_their_address()
    {
        await using var gateway = Gateway();
        var client = Api.Anonymous(gateway);
        var email = $"{Guid.NewGuid():N}@example.com";
        HttpResponseMessage answer;
        // The account is created, then the silo "dies" before the answer leaves it: the gateway's
        // retry meets an address that has an account.
        using (FaultInjection.LoseAnswer("IUserDirectoryGrain", "Register", () => new SiloUnavailableException("the silo of this grain died"), targetKey: email, times: 1))
        {
            answer = await client.PostAsJsonAsync("/api/users", new { email, name = "Once", password = "password-1" });
        }

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        await Api.LogIn(client, email, "password-1");
        // The retry was the same sign-up, so no "someone tried to sign up" notice went out. (A retry
        // taken for a stranger's would have sent it as it answered, before the sign-in above.)
        Assert.Empty(PickupMails.To(fixture.Silo.MailDirectory, email, "sign-up-attempt*.eml"));
    }

    [Fact]
    public async Task A_placement_retried_to_its_deadline_says_its_outcome_is_unknown_when_the_deadline_passes()
    {
        await using var gateway = Gateway(timeout: TimeSpan.FromSeconds(1), retryDeadline: TimeSpan.FromSeconds(2));
        var (user, _, _) = await Api.NewUser(gateway);
        HttpResponseMessage answer;
        var clock = Stopwatch.StartNew();
        using (FaultInjection.Throw("IOrderGrain", "Place", () => new SiloUnavailableException("no silo can host this grain yet")))
        {
            answer = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku = "KB-001", quantity = 1 } } });
        }

        clock.Stop();
        var problem = await answer.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(Errors.OutcomeUnknownProblem.Type, problem.GetProperty("type").GetString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_placement_during_a_storage_outage_is_refused_at_once_not_retried()
    {
        await using var gateway = Gateway(timeout: TimeSpan.FromSeconds(2), retryDeadline: TimeSpan.FromSeconds(8));
        var (user, _, _) = await Api.NewUser(gateway);
        HttpResponseMessage answer;
        var clock = Stopwatch.StartNew();
        using (FaultInjection.Throw("IOrderGrain", "Place", () => new StorageUnavailableException("the orders database is down")))
        {
            answer = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku = "KB-001", quantity = 1 } } });
        }

        clock.Stop();
        await answer.AssertProblem(HttpStatusCode.ServiceUnavailable);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"answered after {clock.Elapsed}: a storage outage is not waited out");
    }
}
