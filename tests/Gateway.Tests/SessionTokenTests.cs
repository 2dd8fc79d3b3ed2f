using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Gateway.Tests;

/// <summary>
/// Access and refresh tokens through the real gateway and cluster (issue 17): rotation, reuse detection,
/// sign-out, revoking every session, a password change, expiry, and refused refresh tokens.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class SessionTokenTests(GatewayFixture fixture)
{
    private static async Task<HttpResponseMessage> Refresh(HttpClient client, string? refreshToken) =>
        await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken });

    private static HttpClient WithToken(GatewayFactory gateway, string accessToken)
    {
        var client = Api.Anonymous(gateway);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    private static string Access(JsonElement tokens) => tokens.GetProperty("accessToken").GetString()!;

    private static string RefreshToken(JsonElement tokens) => tokens.GetProperty("refreshToken").GetString()!;

    private async Task<(HttpClient Client, string Email, JsonElement Tokens)> SignedInUser()
    {
        var (client, _, email) = await Api.NewUser(fixture.Gateway);
        var tokens = await Api.SignIn(client, email, "password-1");
        return (client, email, tokens);
    }

    [Fact]
    public async Task A_refresh_answers_a_new_working_pair_and_uses_up_the_refresh_token()
    {
        var (_, _, first) = await SignedInUser();
        var anonymous = Api.Anonymous(fixture.Gateway);

        var refreshed = await Refresh(anonymous, RefreshToken(first));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = await refreshed.Json();

        Assert.NotEqual(RefreshToken(first), RefreshToken(second));
        Assert.Equal(300, second.GetProperty("expiresIn").GetInt32());
        Assert.Equal(TokenForge.Read(Access(first)).GetClaim("sid").Value, TokenForge.Read(Access(second)).GetClaim("sid").Value);
        Assert.Equal(HttpStatusCode.OK, (await WithToken(fixture.Gateway, Access(second)).GetAsync("/api/users/me")).StatusCode);
        // The rotated pair refreshes again; the used-up one does not.
        Assert.Equal(HttpStatusCode.OK, (await Refresh(anonymous, RefreshToken(second))).StatusCode);
    }

    [Fact]
    public async Task Presenting_a_used_refresh_token_again_ends_the_whole_session()
    {
        var (_, _, first) = await SignedInUser();
        var anonymous = Api.Anonymous(fixture.Gateway);
        var second = await (await Refresh(anonymous, RefreshToken(first))).Json();

        // A thief replays the first token after the client rotated it.
        await (await Refresh(anonymous, RefreshToken(first))).AssertProblem(HttpStatusCode.Unauthorized);

        // Nobody keeps the session: not the holder of the newest refresh token, nor its access token.
        await (await Refresh(anonymous, RefreshToken(second))).AssertProblem(HttpStatusCode.Unauthorized);
        await Eventually.Until(async () => (await WithToken(fixture.Gateway, Access(second)).GetAsync("/api/users/me")).StatusCode,
            status => status == HttpStatusCode.Unauthorized, "the ended session's access token to be refused");
    }

    [Fact]
    public async Task Logout_ends_the_session_of_the_token_at_once_and_its_refresh_token()
    {
        var (client, email, tokens) = await SignedInUser();
        var other = Api.Anonymous(fixture.Gateway);
        var otherTokens = await Api.SignIn(other, email, "password-1");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users/me")).StatusCode);

        var loggedOut = await client.PostAsync("/api/auth/logout", null);

        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);
        await (await client.GetAsync("/api/users/me")).AssertProblem(HttpStatusCode.Unauthorized);
        await (await Refresh(Api.Anonymous(fixture.Gateway), RefreshToken(tokens))).AssertProblem(HttpStatusCode.Unauthorized);
        // Only that session: the user's other one goes on.
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Refresh(Api.Anonymous(fixture.Gateway), RefreshToken(otherTokens))).StatusCode);
    }

    [Fact]
    public async Task Revoke_all_ends_every_session_of_the_user_and_no_one_elses()
    {
        var (client, email, tokens) = await SignedInUser();
        var laptop = Api.Anonymous(fixture.Gateway);
        var laptopTokens = await Api.SignIn(laptop, email, "password-1");
        var (stranger, _, _) = await Api.NewUser(fixture.Gateway);

        var revoked = await client.PostAsync("/api/users/me/sessions/revoke-all", null);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(3, (await revoked.Json()).GetProperty("ended").GetInt32()); // NewUser's, SignIn's, the laptop's
        foreach (var (session, refresh) in new[] { (client, RefreshToken(tokens)), (laptop, RefreshToken(laptopTokens)) })
        {
            await (await session.GetAsync("/api/users/me")).AssertProblem(HttpStatusCode.Unauthorized);
            await (await Refresh(Api.Anonymous(fixture.Gateway), refresh)).AssertProblem(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync("/api/users/me")).StatusCode);
        // Signing in again opens a new session.
        await Api.SignIn(client, email, "password-1");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users/me")).StatusCode);
    }

    [Fact]
    public async Task A_password_change_needs_the_current_password_validates_the_new_one_and_ends_every_session()
    {
        var (client, email, tokens) = await SignedInUser();

        await (await client.PutAsJsonAsync("/api/users/me/password", new { currentPassword = "wrong-password", newPassword = "new-password-2" }))
            .AssertValidationProblem("currentPassword");
        await (await client.PutAsJsonAsync("/api/users/me/password", new { currentPassword = "password-1", newPassword = "short" }))
            .AssertValidationProblem("newPassword");
        await (await client.PutAsJsonAsync("/api/users/me/password", new { })).AssertValidationProblem("currentPassword", "newPassword");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users/me")).StatusCode);

        var changed = await client.PutAsJsonAsync("/api/users/me/password", new { currentPassword = "password-1", newPassword = "new-password-2" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await (await client.GetAsync("/api/users/me")).AssertProblem(HttpStatusCode.Unauthorized);
        await (await Refresh(Api.Anonymous(fixture.Gateway), RefreshToken(tokens))).AssertProblem(HttpStatusCode.Unauthorized);
        var anonymous = Api.Anonymous(fixture.Gateway);
        await (await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password = "password-1" })).AssertProblem(HttpStatusCode.Unauthorized);
        await Api.SignIn(anonymous, email, "new-password-2");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/users/me")).StatusCode);
    }

    public static TheoryData<string> RefusedRefreshTokens() => ["garbage", "too-short", "not-base64url", "unknown-session", "unknown-user", "wrong-secret"];

    [Theory]
    [MemberData(nameof(RefusedRefreshTokens))]
    public async Task Malformed_and_unknown_refresh_tokens_answer_401_problem(string kind)
    {
        var (_, _, tokens) = await SignedInUser();
        var real = RefreshToken(tokens);
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(real);
        string Encode(Action<byte[]> change)
        {
            var copy = bytes.ToArray();
            change(copy);
            return System.Buffers.Text.Base64Url.EncodeToString(copy);
        }

        var token = kind switch
        {
            "garbage" => "not-a-refresh-token",
            "too-short" => real[..^2],
            "not-base64url" => real[..^1] + "*",
            "unknown-session" => Encode(b => Guid.NewGuid().TryWriteBytes(b.AsSpan(16, 16))),
            "unknown-user" => Encode(b => Guid.NewGuid().TryWriteBytes(b.AsSpan(0, 16))),
            _ => Encode(b => b[^1] ^= 1),
        };

        var response = await Refresh(Api.Anonymous(fixture.Gateway), token);

        var problem = await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("IDX", problem.ToString());
        // A wrong guess does not end the session (the grain only ends it for a token it issued and saw used).
        Assert.Equal(HttpStatusCode.OK, (await Refresh(Api.Anonymous(fixture.Gateway), real)).StatusCode);
    }

    [Fact]
    public async Task An_expired_refresh_token_answers_401_problem_and_its_session_is_over()
    {
        // The user grain decides expiry by the silo's clock, so this test has a silo of its own whose
        // clock it moves past the refresh lifetime (14 days by default; at least a minute by validation).
        var clock = new ShiftedClock();
        await using var silo = await ShopSiloHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var settings = GatewayFixture.SettingsFor(silo, fixture.KeyRingFile);
        // No cached "session open" answer: the access token's per-call check asks the grain each time.
        settings["Shop:Auth:SessionCheckCacheDuration"] = "00:00:00";
        await using var gateway = new GatewayFactory(settings);
        var (client, _, email) = await Api.NewUser(gateway);
        var tokens = await Api.SignIn(client, email, "password-1");
        var lifetime = TimeSpan.FromSeconds(tokens.GetProperty("refreshExpiresIn").GetInt32());

        // Just inside its lifetime a refresh still works, and starts a new lifetime for the session.
        clock.Advance(lifetime - TimeSpan.FromMinutes(1));
        var refreshed = await (await Refresh(Api.Anonymous(gateway), RefreshToken(tokens))).Json();
        var access = WithToken(gateway, Access(refreshed));
        Assert.Equal(HttpStatusCode.OK, (await access.GetAsync("/api/users/me")).StatusCode);

        clock.Advance(lifetime + TimeSpan.FromSeconds(1));
        var response = await Refresh(Api.Anonymous(gateway), RefreshToken(refreshed));

        var problem = await response.AssertProblem(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("IDX", problem.ToString());
        // The session ended with its refresh token: its access token, still within its own 5 minutes, is refused too.
        await (await access.GetAsync("/api/users/me")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// The real wall clock plus an offset the test adds to. Only the date moves: timestamps and timers
    /// stay real, so the silo's own timeouts and timers run as usual.
    /// </summary>
    private sealed class ShiftedClock : TimeProvider
    {
        private long _offsetTicks;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    [Fact]
    public async Task A_refresh_without_a_token_answers_400_naming_the_field()
    {
        await (await Refresh(Api.Anonymous(fixture.Gateway), null)).AssertValidationProblem("refreshToken");
        await (await Refresh(Api.Anonymous(fixture.Gateway), new string('a', 513))).AssertValidationProblem("refreshToken");
    }

    [Fact]
    public async Task An_access_token_expires_after_its_configured_lifetime_and_a_refresh_replaces_it()
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:Auth:AccessTokenLifetime"] = "00:00:02";
        settings["Shop:Auth:ClockSkew"] = "00:00:00";
        await using var gateway = new GatewayFactory(settings);
        var (client, _, email) = await Api.NewUser(gateway);
        var tokens = await Api.SignIn(client, email, "password-1");
        Assert.Equal(2, tokens.GetProperty("expiresIn").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/users/me")).StatusCode);

        await Eventually.Until(async () => (await client.GetAsync("/api/users/me")).StatusCode,
            status => status == HttpStatusCode.Unauthorized, "the access token to expire", TimeSpan.FromSeconds(15));

        var refreshed = await (await Refresh(Api.Anonymous(gateway), RefreshToken(tokens))).Json();
        Assert.Equal(HttpStatusCode.OK, (await WithToken(gateway, Access(refreshed)).GetAsync("/api/users/me")).StatusCode);
    }

    [Fact]
    public async Task The_refresh_route_is_rate_limited_per_address_like_sign_in()
    {
        await using var gateway = Owasp.Shopping.GatewayWithDefaultLimits(fixture);
        var client = Api.Anonymous(gateway);

        // The default bucket: 30 refreshes a minute per client address.
        for (var i = 0; i < 30; i++)
        {
            await (await Refresh(client, "not-a-refresh-token")).AssertProblem(HttpStatusCode.Unauthorized);
        }

        var limited = await Refresh(client, "not-a-refresh-token");
        await limited.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }
}
