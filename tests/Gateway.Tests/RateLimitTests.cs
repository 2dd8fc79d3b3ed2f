using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Gateway.Tests;

/// <summary>Each test runs its own gateway (own limiter state) with small limits, against the shared silo.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RateLimitTests(GatewayFixture fixture)
{
    private GatewayFactory Gateway(params (string Key, string Value)[] limits)
    {
        var settings = fixture.ClusterSettings();
        foreach (var (key, value) in limits)
        {
            settings[$"Shop:RateLimits:{key}"] = value;
        }

        return new GatewayFactory(settings);
    }

    private static async Task AssertTooManyRequests(HttpResponseMessage response)
    {
        await response.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "429 carries Retry-After in seconds");
    }

    [Fact]
    public async Task Each_user_has_a_bucket_of_their_own()
    {
        await using var gateway = Gateway(("PerCaller:TokenLimit", "5"), ("PerCaller:TokensPerPeriod", "1"), ("PerCaller:ReplenishmentPeriod", "00:10:00"));
        var (noisy, _, _) = await Api.NewUser(gateway);
        var (quiet, _, _) = await Api.NewUser(gateway);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add((await noisy.GetAsync("/api/users/me")).StatusCode);
        }

        Assert.Equal(5, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, answers.Count(s => s == HttpStatusCode.TooManyRequests));
        await AssertTooManyRequests(await noisy.GetAsync("/api/orders"));
        // The quiet user is neither limited nor affected.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await quiet.GetAsync("/api/users/me")).StatusCode);
        }
    }

    [Fact]
    public async Task Health_and_readiness_are_never_limited()
    {
        await using var gateway = Gateway(("PerCaller:TokenLimit", "1"), ("PerCaller:TokensPerPeriod", "1"), ("PerCaller:ReplenishmentPeriod", "00:10:00"));
        var client = Api.Anonymous(gateway);
        await client.GetAsync("/api/products");
        await AssertTooManyRequests(await client.GetAsync("/api/products"));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
        }
    }

    [Fact]
    public async Task Logins_are_limited_per_client_address()
    {
        await using var gateway = Gateway(("LoginPerIp:TokenLimit", "3"), ("LoginPerIp:TokensPerPeriod", "1"), ("LoginPerIp:ReplenishmentPeriod", "00:10:00"));
        var (_, _, email) = await Api.NewUser(gateway); // one login spent
        var client = Api.Anonymous(gateway);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/token", new { email, password = "password-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/token", new { email, password = "password-1" })).StatusCode);
        // Even the right password is refused once the address has spent its budget.
        await AssertTooManyRequests(await client.PostAsJsonAsync("/api/auth/token", new { email, password = "password-1" }));
    }

    [Fact]
    public async Task Failed_logins_are_limited_per_email_and_do_not_lock_other_accounts()
    {
        await using var gateway = Gateway(("FailedLoginsPerEmail:TokenLimit", "3"), ("FailedLoginsPerEmail:TokensPerPeriod", "1"),
            ("FailedLoginsPerEmail:ReplenishmentPeriod", "00:10:00"), ("LoginPerIp:TokenLimit", "1000"), ("LoginPerIp:TokensPerPeriod", "1000"));
        var (_, _, victim) = await Api.NewUser(gateway);
        var (_, _, bystander) = await Api.NewUser(gateway);
        var attacker = Api.Anonymous(gateway);

        for (var i = 0; i < 3; i++)
        {
            await (await attacker.PostAsJsonAsync("/api/auth/token", new { email = victim, password = $"guess-{i}" })).AssertProblem(HttpStatusCode.Unauthorized);
        }

        await AssertTooManyRequests(await attacker.PostAsJsonAsync("/api/auth/token", new { email = victim, password = "guess-3" }));
        await AssertTooManyRequests(await attacker.PostAsJsonAsync("/api/auth/token", new { email = victim.ToUpperInvariant(), password = "password-1" }));
        Assert.Equal(HttpStatusCode.OK, (await attacker.PostAsJsonAsync("/api/auth/token", new { email = bystander, password = "password-1" })).StatusCode);
    }

    [Fact]
    public async Task Registrations_are_limited_per_client_address()
    {
        await using var gateway = Gateway(("RegistrationPerIp:TokenLimit", "2"), ("RegistrationPerIp:TokensPerPeriod", "1"), ("RegistrationPerIp:ReplenishmentPeriod", "00:10:00"));
        var client = Api.Anonymous(gateway);

        for (var i = 0; i < 2; i++)
        {
            var created = await client.PostAsJsonAsync("/api/users", new { email = $"{Guid.NewGuid():N}@example.com", name = "R", password = "password-1" });
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        }

        await AssertTooManyRequests(await client.PostAsJsonAsync("/api/users", new { email = $"{Guid.NewGuid():N}@example.com", name = "R", password = "password-1" }));
    }

    /// <summary>Every request arrives from one proxy address, as behind an ingress.</summary>
    private sealed class BehindProxy : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public static readonly System.Net.IPAddress Proxy = System.Net.IPAddress.Parse("10.0.0.1");

        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                context.Connection.RemoteIpAddress = Proxy;
                await inner();
            });
            next(app);
        };
    }

    private static async Task<HttpStatusCode> RegisterFrom(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> gateway, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/users")
        {
            Content = JsonContent.Create(new { email = $"{Guid.NewGuid():N}@example.com", name = "P", password = "password-1" }),
            Headers = { { "X-Forwarded-For", forwardedFor } },
        };
        return (await Api.Anonymous(gateway).SendAsync(request)).StatusCode;
    }

    private static async Task<HttpResponseMessage> LogInFrom(HttpClient client, string forwardedFor, string email, string password) =>
        await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
        {
            Content = JsonContent.Create(new { email, password }),
            Headers = { { "X-Forwarded-For", forwardedFor } },
        });

    /// <summary>A gateway behind a trusted proxy: X-Forwarded-For tells clients apart.</summary>
    private (GatewayFactory Factory, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Gateway) LoginGatewayBehindProxy()
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:Http:TrustedProxies:0"] = "10.0.0.0/24";
        settings["Shop:RateLimits:FailedLoginsPerClient:TokenLimit"] = "3";
        settings["Shop:RateLimits:FailedLoginsPerClient:TokensPerPeriod"] = "1";
        settings["Shop:RateLimits:FailedLoginsPerClient:ReplenishmentPeriod"] = "00:10:00";
        settings["Shop:RateLimits:FailedLoginsPerEmail:TokenLimit"] = "5";
        settings["Shop:RateLimits:FailedLoginsPerEmail:TokensPerPeriod"] = "1";
        settings["Shop:RateLimits:FailedLoginsPerEmail:ReplenishmentPeriod"] = "00:10:00";
        var factory = new GatewayFactory(settings);
        var gateway = factory.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, BehindProxy>()));
        return (factory, gateway);
    }

    [Fact]
    public async Task An_attacker_guessing_from_one_address_does_not_lock_the_owner_out()
    {
        var (factory, gateway) = LoginGatewayBehindProxy();
        await using var _ = factory;
        await using var __ = gateway;
        var (_, _, owner) = await Api.NewUser(gateway);
        var client = Api.Anonymous(gateway);
        const string attacker = "203.0.113.5";

        for (var i = 0; i < 3; i++)
        {
            await (await LogInFrom(client, attacker, owner, $"guess-{i}")).AssertProblem(HttpStatusCode.Unauthorized);
        }

        // The attacker's own budget for this account is spent: refused without the password being
        // checked, so even the right password from there answers 429 (a lucky guess is not confirmed).
        await AssertTooManyRequests(await LogInFrom(client, attacker, owner, "guess-3"));
        await AssertTooManyRequests(await LogInFrom(client, attacker, owner, "password-1"));
        // The owner, elsewhere, signs in.
        Assert.Equal(HttpStatusCode.OK, (await LogInFrom(client, "198.51.100.7", owner, "password-1")).StatusCode);
    }

    [Fact]
    public async Task Guessing_from_many_addresses_is_throttled_but_the_owner_still_signs_in()
    {
        var (factory, gateway) = LoginGatewayBehindProxy();
        await using var _ = factory;
        await using var __ = gateway;
        var (_, _, owner) = await Api.NewUser(gateway);
        var client = Api.Anonymous(gateway);

        // Five failures from five addresses spend the account's budget (5) without spending any client's (3).
        for (var i = 0; i < 5; i++)
        {
            await (await LogInFrom(client, $"203.0.113.{10 + i}", owner, $"guess-{i}")).AssertProblem(HttpStatusCode.Unauthorized);
        }

        // Now every wrong password is refused, from a new address too, ...
        await AssertTooManyRequests(await LogInFrom(client, "203.0.113.20", owner, "guess-5"));
        // ... and so is the right one from an address that has failed for this account: guessing on
        // does not confirm a hit ...
        await AssertTooManyRequests(await LogInFrom(client, "203.0.113.10", owner, "password-1"));
        // ... but the right password from a client with no failures signs in.
        Assert.Equal(HttpStatusCode.OK, (await LogInFrom(client, "198.51.100.7", owner, "password-1")).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Behind_a_trusted_proxy_each_client_address_has_its_own_budget(bool trusted)
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:RateLimits:RegistrationPerIp:TokenLimit"] = "1";
        settings["Shop:RateLimits:RegistrationPerIp:TokensPerPeriod"] = "1";
        settings["Shop:RateLimits:RegistrationPerIp:ReplenishmentPeriod"] = "00:10:00";
        if (trusted)
        {
            settings["Shop:Http:TrustedProxies:0"] = "10.0.0.0/24";
        }

        await using var factory = new GatewayFactory(settings);
        await using var gateway = factory.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, BehindProxy>()));

        Assert.Equal(HttpStatusCode.Accepted, await RegisterFrom(gateway, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await RegisterFrom(gateway, "203.0.113.5"));
        // Another client behind the same proxy: its own bucket only when the proxy is trusted.
        Assert.Equal(trusted ? HttpStatusCode.Accepted : HttpStatusCode.TooManyRequests, await RegisterFrom(gateway, "203.0.113.6"));
    }
}
