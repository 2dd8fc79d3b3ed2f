using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API2 broken authentication: only tokens the gateway signed and
/// still valid get in, a refusal does not say what to fix, password guessing is throttled, and the
/// login answer does not tell which e-mail addresses have accounts.
/// API2 is also covered outside this folder, where a test needs a gateway or a setup of its own:
/// sessions, refresh, sign-out, revocation and expiry in <see cref="SessionTokenTests"/>; the JWKS and
/// key rotation in <see cref="SigningKeyRotationTests"/>; an external OpenID Connect issuer in
/// <see cref="ExternalIssuerTests"/>; login throttling that locks no owner out in
/// <see cref="RateLimitTests"/> (<c>An_attacker_guessing_from_one_address_does_not_lock_the_owner_out</c>,
/// <c>Guessing_from_many_addresses_is_throttled_but_the_owner_still_signs_in</c>). RELIABILITY.md's
/// OWASP mapping lists them all.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class API2_AuthenticationTests(GatewayFixture fixture)
{
    private static HttpRequestMessage Request(ServedRoute route) => new(new HttpMethod(route.Method), route.Sample)
    {
        Content = route.Method is "GET" or "HEAD" ? null : JsonContent.Create(new { }),
    };

    [Fact]
    public async Task API2_every_route_that_needs_a_user_answers_401_without_a_token()
    {
        var routes = GatewayRoutes.Served(fixture.Gateway).Where(r => r.NeedsUser).ToArray();
        Assert.True(routes.Length >= 10, $"expected the protected routes, found {string.Join(", ", routes.Select(r => r.ToString()))}");

        foreach (var route in routes)
        {
            var response = await Api.Anonymous(fixture.Gateway).SendAsync(Request(route));

            await response.AssertProblem(HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }

    public static TheoryData<string> ForgedTokens() =>
        ["expired", "not-yet-valid", "other-key", "wrong-issuer", "wrong-audience", "alg-none", "hs256-with-the-public-key", "no-kid",
         "tampered", "no-expiry", "subject-not-a-user-id", "no-subject", "no-session", "ended-session", "garbage", "empty"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task API2_forged_expired_unsigned_and_foreign_tokens_are_refused_without_saying_why(string kind)
    {
        var (user, userId, _) = await Api.NewUser(fixture.Gateway);
        var key = fixture.SigningKey;
        var sid = SessionOf(user);
        var token = kind switch
        {
            "expired" => TokenForge.Create(key, userId, expires: DateTime.UtcNow.AddMinutes(-5)),
            "not-yet-valid" => Sign(key, new() { ["sub"] = userId.ToString(), ["sid"] = sid }, notBefore: DateTime.UtcNow.AddMinutes(10)),
            "other-key" => TokenForge.Create(TokenForge.OtherKey(key), userId, role: ShopRoles.Admin, sessionId: Guid.Parse(sid)),
            "wrong-issuer" => TokenForge.Create(key, userId, issuer: "someone-else"),
            "wrong-audience" => TokenForge.Create(key, userId, audience: "another-api"),
            "alg-none" => TokenForge.Unsigned(userId),
            // Algorithm confusion: HS256 keyed with the public key (which the JWKS publishes); only ES256 is accepted.
            "hs256-with-the-public-key" => SignedWithThePublicKeyAsHmacSecret(key, userId, sid),
            // The right key, but no kid to find it by.
            "no-kid" => Sign(new ECDsaSecurityKey(key.ECDsa), new() { ["sub"] = userId.ToString(), ["sid"] = sid }),
            "tampered" => TokenForge.Tampered(user.DefaultRequestHeaders.Authorization!.Parameter!),
            "no-expiry" => Sign(key, new() { ["sub"] = userId.ToString(), ["sid"] = sid }, withExpiry: false),
            "subject-not-a-user-id" => Sign(key, new() { ["sub"] = "admin", ["role"] = ShopRoles.Admin, ["sid"] = sid }),
            "no-subject" => Sign(key, new() { ["role"] = ShopRoles.Admin, ["sid"] = sid }),
            "no-session" => Sign(key, new() { ["sub"] = userId.ToString() }),
            // A session never opened (or one that ended): the signature is right, the session check refuses it.
            "ended-session" => TokenForge.Create(key, userId),
            "empty" => "",
            _ => "not-a-jwt",
        };
        var client = Api.Anonymous(fixture.Gateway);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {token}");

        foreach (var path in new[] { "/api/users/me", "/api/orders", "/api/stats" })
        {
            var response = await client.GetAsync(path);

            var problem = await response.AssertProblem(HttpStatusCode.Unauthorized);
            // No error_description: the handler's default would say "expired at ...", "key not found", ...
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            Assert.DoesNotContain("IDX", problem.ToString());
        }
    }

    [Fact]
    public async Task API2_the_forged_tokens_differ_from_an_accepted_one_only_in_what_they_break()
    {
        // The control for the theory above: the same forging code with nothing broken gets in.
        var (user, userId, _) = await Api.NewUser(fixture.Gateway);
        var client = Api.Anonymous(fixture.Gateway);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Sign(fixture.SigningKey, new() { ["sub"] = userId.ToString(), ["sid"] = SessionOf(user) }));

        var me = await client.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(userId, (await me.Json()).GetProperty("id").GetGuid());
    }

    private static string SessionOf(HttpClient user) => TokenForge.Read(user.DefaultRequestHeaders.Authorization!.Parameter!).GetClaim("sid").Value;

    private static string Sign(SecurityKey key, Dictionary<string, object> claims, DateTime? notBefore = null,
        bool withExpiry = true)
    {
        var from = notBefore ?? DateTime.UtcNow.AddMinutes(-1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "orleans-shop",
            Audience = "orleans-shop-api",
            Claims = claims,
            IssuedAt = from,
            NotBefore = from,
            Expires = withExpiry ? from.AddMinutes(20) : null,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>
    /// The classic algorithm confusion: an HS256 signature whose secret is the gateway's public key (as
    /// the JWKS publishes it), with the key's kid, made by hand. The algorithm is not one the gateway
    /// issues, so it must not count.
    /// </summary>
    private static string SignedWithThePublicKeyAsHmacSecret(ECDsaSecurityKey key, Guid userId, string sid)
    {
        static string B64(byte[] bytes) => Base64UrlEncoder.Encode(bytes);
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var header = B64(Encoding.UTF8.GetBytes($$"""{"alg":"HS256","typ":"JWT","kid":"{{key.KeyId}}"}"""));
        var payload = B64(Encoding.UTF8.GetBytes($$"""{"sub":"{{userId}}","sid":"{{sid}}","iss":"orleans-shop","aud":"orleans-shop-api","exp":{{exp}}}"""));
        var secret = Encoding.UTF8.GetBytes(key.ECDsa.ExportSubjectPublicKeyInfoPem());
        var signature = B64(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    [Fact]
    public async Task API2_login_brute_force_is_throttled_by_the_default_limits()
    {
        await using var gateway = Shopping.GatewayWithDefaultLimits(fixture);
        var (_, _, victim) = await Api.NewUser(gateway); // the address's first login
        var attacker = Api.Anonymous(gateway);

        // 5 failed guesses per e-mail address from one client address...
        for (var i = 0; i < 5; i++)
        {
            await (await attacker.PostAsJsonAsync("/api/auth/token", new { email = victim, password = $"guess-{i}" })).AssertProblem(HttpStatusCode.Unauthorized);
        }

        var locked = await attacker.PostAsJsonAsync("/api/auth/token", new { email = victim, password = "guess-5" });
        await locked.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(locked.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        await (await attacker.PostAsJsonAsync("/api/auth/token", new { email = victim, password = "password-1" })).AssertProblem(HttpStatusCode.TooManyRequests);

        // ...which does not lock other accounts; and 10 logins per client address per minute in all.
        var (_, _, bystander) = await Api.NewUser(gateway); // login 9
        await (await attacker.PostAsJsonAsync("/api/auth/token", new { email = bystander, password = "wrong-one" })).AssertProblem(HttpStatusCode.Unauthorized);
        var overAddressLimit = await attacker.PostAsJsonAsync("/api/auth/token", new { email = bystander, password = "password-1" });
        await overAddressLimit.AssertProblem(HttpStatusCode.TooManyRequests);
        Assert.True(overAddressLimit.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    /// <summary>Everything of an answer but its trace id: what a client could compare.</summary>
    private static async Task<string> Observable(HttpResponseMessage response)
    {
        var body = await response.Json();
        var fields = body.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}");
        var headers = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Order(StringComparer.OrdinalIgnoreCase);
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {string.Join(';', fields)} headers: {string.Join(',', headers)}";
    }

    [Fact]
    public async Task API2_an_unknown_email_and_a_wrong_password_get_the_same_answer_before_and_after_the_throttle()
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:RateLimits:FailedLoginsPerEmail:TokenLimit"] = "2";
        settings["Shop:RateLimits:FailedLoginsPerEmail:TokensPerPeriod"] = "1";
        settings["Shop:RateLimits:FailedLoginsPerEmail:ReplenishmentPeriod"] = "00:10:00";
        await using var gateway = new GatewayFactory(settings);
        var (_, _, known) = await Api.NewUser(gateway);
        var unknown = $"{Guid.NewGuid():N}@example.com";
        var client = Api.Anonymous(gateway);

        Task<HttpResponseMessage> Login(string email) => client.PostAsJsonAsync("/api/auth/token", new { email, password = "not-the-password" });

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var forKnown = await Login(known);
            var forUnknown = await Login(unknown);

            // Attempts 1-2 are 401, then both addresses are throttled alike: a throttle that
            // applied to real accounts only would itself tell which addresses exist.
            Assert.Equal(attempt < 2 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, forKnown.StatusCode);
            Assert.Equal(await Observable(forKnown), await Observable(forUnknown));
        }
    }

    [Fact]
    public async Task API2_signing_up_with_a_taken_address_answers_exactly_as_a_new_sign_up_and_tells_the_owner()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var client = Api.Anonymous(fixture.Gateway);
        Task<HttpResponseMessage> SignUp(string password) => client.PostAsJsonAsync("/api/users", new { email, name = "Someone", password });

        var fresh = await SignUp("owners-password-1");
        var taken = await SignUp("strangers-password-1");

        Assert.Equal(HttpStatusCode.Accepted, fresh.StatusCode);
        Assert.Equal(await Observable(fresh), await Observable(taken));
        // Nothing about the account changed: the owner's password still signs in, the stranger's does not.
        await (await client.PostAsJsonAsync("/api/auth/token", new { email, password = "strangers-password-1" })).AssertProblem(HttpStatusCode.Unauthorized);
        await Api.LogIn(client, email, "owners-password-1");
        // The owner hears of the attempt by e-mail.
        var notice = await Eventually.Until(() => Task.FromResult(PickupMails.To(fixture.Silo.MailDirectory, email)), m => m.Length == 1, "the sign-up attempt e-mail");
        Assert.Contains("Subject: Someone tried to sign up with your e-mail address", notice[0]);
    }

    [Fact]
    public async Task API2_sign_up_takes_about_as_long_for_a_taken_address_as_for_a_new_one()
    {
        var (_, _, takenEmail) = await Api.NewUser(fixture.Gateway);
        var client = Api.Anonymous(fixture.Gateway);

        var (fresh, taken) = await Interleaved(
            () => client.PostAsJsonAsync("/api/users", new { email = $"{Guid.NewGuid():N}@example.com", name = "T", password = "password-1" }),
            () => client.PostAsJsonAsync("/api/users", new { email = takenEmail, name = "T", password = "password-1" }));

        // Both hash the password (PBKDF2, tens of milliseconds), which dwarfs the rest: without the
        // hash a taken address answered some thirty times faster.
        AssertSimilar(fresh, taken, "a new sign-up", "a sign-up for a taken address");
    }

    [Fact]
    public async Task API2_a_login_takes_about_as_long_for_an_unknown_address_as_for_a_wrong_password()
    {
        // The failed-login throttle would answer 429 before the rounds are done: lifted here.
        var settings = fixture.ClusterSettings();
        foreach (var bucket in new[] { "FailedLoginsPerEmail", "FailedLoginsPerClient" })
        {
            settings[$"Shop:RateLimits:{bucket}:TokenLimit"] = "100000";
            settings[$"Shop:RateLimits:{bucket}:TokensPerPeriod"] = "100000";
        }

        await using var gateway = new GatewayFactory(settings);
        var (_, _, known) = await Api.NewUser(gateway);
        var client = Api.Anonymous(gateway);

        var (wrongPassword, unknownAddress) = await Interleaved(
            () => client.PostAsJsonAsync("/api/auth/token", new { email = known, password = "not-the-password" }),
            () => client.PostAsJsonAsync("/api/auth/token", new { email = $"{Guid.NewGuid():N}@example.com", password = "not-the-password" }));

        AssertSimilar(wrongPassword, unknownAddress, "a wrong password", "an unknown address");
    }

    /// <summary>The median times of <paramref name="a"/> and <paramref name="b"/>, run in turn (so that load on the machine hits both alike) after a warm-up of each.</summary>
    private static async Task<(TimeSpan A, TimeSpan B)> Interleaved(Func<Task<HttpResponseMessage>> a, Func<Task<HttpResponseMessage>> b)
    {
        const int Rounds = 9;
        (await a()).AssertAcceptedOrUnauthorized();
        (await b()).AssertAcceptedOrUnauthorized();
        var (timesA, timesB) = (new List<TimeSpan>(), new List<TimeSpan>());
        for (var i = 0; i < Rounds; i++)
        {
            timesA.Add(await Timed(a));
            timesB.Add(await Timed(b));
        }

        return (timesA.Order().ElementAt(Rounds / 2), timesB.Order().ElementAt(Rounds / 2));
    }

    private static async Task<TimeSpan> Timed(Func<Task<HttpResponseMessage>> request)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        (await request()).AssertAcceptedOrUnauthorized();
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Within a factor of two of each other: what a caller could tell apart is the password hash, tens of milliseconds, present or absent.</summary>
    private static void AssertSimilar(TimeSpan a, TimeSpan b, string nameA, string nameB) =>
        Assert.True(a < b * 2 && b < a * 2, $"median {nameA}: {a.TotalMilliseconds:0.0} ms, {nameB}: {b.TotalMilliseconds:0.0} ms");
}

internal static class TimedAnswers
{
    /// <summary>The timed requests are sign-ups (202) and failed logins (401); anything else means the test measured the wrong thing.</summary>
    public static void AssertAcceptedOrUnauthorized(this HttpResponseMessage response) =>
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Unauthorized, $"answered {(int)response.StatusCode}");
}
