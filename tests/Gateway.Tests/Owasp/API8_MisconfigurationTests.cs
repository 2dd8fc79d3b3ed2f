using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API8 security misconfiguration, beyond the headers and the
/// banner (<c>SecurityMisconfigurationTests</c>): no error answer shows internals, TRACE and unknown
/// methods echo nothing, CORS is not open, and Development-only pages are absent in Production.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class API8_MisconfigurationTests(GatewayFixture fixture)
{
    /// <summary>What would betray the stack: exception names, stack frames, namespaces, token-library codes.</summary>
    private static readonly string[] Internals =
        ["Exception", "   at ", "StackTrace", ".cs:line", "System.", "Microsoft.", "Orleans.", "Shop.", "IDX", "Npgsql", "Kestrel"];

    private static async Task AssertNoInternals(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 600, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var marker in Internals)
        {
            Assert.DoesNotContain(marker, text);
        }

        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("X-Powered-By", StringComparison.OrdinalIgnoreCase)
            || h.Key.Equals("Server", StringComparison.OrdinalIgnoreCase) || h.Key.StartsWith("X-AspNet", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string> BadRequests() =>
    [
        "malformed-json", "wrong-type", "deep-json", "invalid-utf8", "wrong-content-type", "no-content-type", "huge-number",
        "unreadable-query", "bad-sku", "not-a-guid", "unknown-route", "wrong-method", "bad-token", "not-admin", "too-large",
        "invalid-order", "bad-idempotency-key", "bad-wait", "utf16-charset", "json-with-comment", "huge-token", "two-idempotency-keys",
        "null-body",
    ];

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task API8_no_error_answer_carries_a_stack_trace_or_exception_text(string kind)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
        var request = kind switch
        {
            "malformed-json" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json("{\"items\":[{") },
            "wrong-type" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json("{\"items\":{\"sku\":[]}}") },
            "deep-json" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json("{\"items\":" + new string('[', 200) + new string(']', 200) + "}") },
            "invalid-utf8" => new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = new ByteArrayContent([.. "{\"items\":[{\"sku\":\""u8, 0xC3, 0x28, 0xFF, .. "\",\"quantity\":1}]}"u8]) { Headers = { ContentType = new("application/json") } },
            },
            "wrong-content-type" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent("items=1", Encoding.UTF8, "application/x-www-form-urlencoded") },
            "no-content-type" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new ByteArrayContent("{}"u8.ToArray()) },
            "huge-number" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json("{\"items\":[{\"sku\":\"KB-001\",\"quantity\":1e999}]}") },
            "unreadable-query" => new HttpRequestMessage(HttpMethod.Get, "/api/orders?limit=%FF%FE"),
            "bad-sku" => new HttpRequestMessage(HttpMethod.Get, "/api/products/bad%20sku%3Cscript%3E"),
            "not-a-guid" => new HttpRequestMessage(HttpMethod.Get, "/api/orders/not-a-guid"),
            "unknown-route" => new HttpRequestMessage(HttpMethod.Get, "/api/../../etc/passwd"),
            "wrong-method" => new HttpRequestMessage(HttpMethod.Delete, "/api/products"),
            "bad-token" => new HttpRequestMessage(HttpMethod.Get, "/api/users/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.x") } },
            "not-admin" => new HttpRequestMessage(HttpMethod.Get, "/api/stats"),
            "too-large" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json(new string(' ', 70 * 1024)) },
            "invalid-order" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json("{\"items\":[null,{\"sku\":\"\",\"quantity\":-5}]}") },
            "bad-idempotency-key" => new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = Json("{\"items\":[{\"sku\":\"KB-001\",\"quantity\":1}]}"), Headers = { { "Idempotency-Key", new string('k', 500) } },
            },
            "utf16-charset" => new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = new StringContent("{\"items\":[{\"sku\":\"KB-001\",\"quantity\":0}]}", Encoding.Unicode, "application/json"),
            },
            "json-with-comment" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json("{\"items\":[],/* x */}") },
            "huge-token" => new HttpRequestMessage(HttpMethod.Get, "/api/users/me")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", $"eyJhbGciOiJIUzI1NiJ9.{new string('A', 300_000)}.x") },
            },
            "two-idempotency-keys" => new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = Json("{\"items\":[{\"sku\":\"KB-001\",\"quantity\":0}]}"), Headers = { { "Idempotency-Key", new[] { "a", "b" } } },
            },
            "null-body" => new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = Json("null") },
            _ => new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{Guid.NewGuid()}?wait=abc"),
        };

        var response = await user.SendAsync(request);

        await AssertNoInternals(response);
        Assert.True((int)response.StatusCode < 500, $"{kind}: {response.StatusCode}");
    }

    [Theory]
    [InlineData("Ada\r\nBcc: attacker@evil.example")]
    [InlineData("Ada\nINFO forged log line")]
    [InlineData("Ada\u0000")]
    [InlineData("\u001b[31mAda")]
    public async Task API8_names_with_control_characters_are_refused_where_they_would_reach_mail_headers_and_logs(string name)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var registered = await Api.Anonymous(fixture.Gateway).PostAsJsonAsync("/api/users", new { email = $"{Guid.NewGuid():N}@example.com", name, password = "password-1" });
        var renamed = await user.PutAsJsonAsync("/api/users/me", new { name });

        await registered.AssertValidationProblem("name");
        await renamed.AssertValidationProblem("name");
        Assert.Equal("Test User", (await (await user.GetAsync("/api/users/me")).Json()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task API8_names_in_any_script_are_accepted()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var renamed = await user.PutAsJsonAsync("/api/users/me", new { name = "Zoë Ångström 李小龍 عمر" });

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Zoë Ångström 李小龍 عمر", (await renamed.Json()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("TRACE", "/api/products")]
    [InlineData("TRACE", "/api/orders")]
    [InlineData("TRACE", "/health")]
    [InlineData("TRACK", "/api/users/me")]
    [InlineData("PROPFIND", "/api/products")]
    [InlineData("FOO", "/api/orders")]
    [InlineData("TRACE", "/metrics")]
    [InlineData("POST", "/ready")]
    public async Task API8_trace_and_unknown_methods_are_405_and_echo_nothing(string method, string path)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        const string canary = "canary-7f3a9c";
        var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent($"body-{canary}", Encoding.UTF8, "text/plain"),
            Headers = { { "X-Canary", canary }, { "Cookie", $"session={canary}" } },
        };

        var response = await user.SendAsync(request);

        await response.AssertProblem(HttpStatusCode.MethodNotAllowed);
        Assert.DoesNotContain(canary, await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(response.Headers.Concat(response.Content.Headers), h => h.Value.Any(v => v.Contains(canary)));
        await AssertNoInternals(response);
    }

    [Theory]
    [InlineData("/api/users/me")]
    [InlineData("/api/orders")]
    [InlineData("/api/products")]
    [InlineData("/api/no-such-route")]
    public async Task API8_answers_tell_caches_not_to_store_them(string path)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var response = await user.GetAsync(path);

        Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task API8_a_token_answer_is_not_stored_by_caches()
    {
        var (_, _, email) = await Api.NewUser(fixture.Gateway);

        var response = await Api.Anonymous(fixture.Gateway).PostAsJsonAsync("/api/auth/token", new { email, password = "password-1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task API8_cors_is_not_open_to_any_origin()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var read = new HttpRequestMessage(HttpMethod.Get, "/api/users/me") { Headers = { { "Origin", "https://evil.example" } } };
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/orders")
        {
            Headers = { { "Origin", "https://evil.example" }, { "Access-Control-Request-Method", "POST" }, { "Access-Control-Request-Headers", "authorization, content-type" } },
        };

        var readAnswer = await user.SendAsync(read);
        var preflightAnswer = await Api.Anonymous(fixture.Gateway).SendAsync(preflight);

        Assert.Equal(HttpStatusCode.OK, readAnswer.StatusCode);
        Assert.False(preflightAnswer.IsSuccessStatusCode, $"a preflight from any origin answered {preflightAnswer.StatusCode}");
        foreach (var answer in new[] { readAnswer, preflightAnswer })
        {
            Assert.DoesNotContain(answer.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task API8_development_only_pages_are_absent_in_production()
    {
        await using var production = new GatewayFactory(fixture.ClusterSettings(), environment: "Production");
        var client = Api.Anonymous(production);

        var reference = await client.GetAsync("/scalar/v1");
        var malformed = await client.PostAsync("/api/users", new StringContent("{\"email\":", Encoding.UTF8, "application/json"));
        var products = await client.GetAsync("/api/products");

        await reference.AssertProblem(HttpStatusCode.NotFound);
        Assert.DoesNotContain(GatewayRoutes.Served(production), r => r.Path.StartsWith("/scalar", StringComparison.Ordinal));
        await malformed.AssertProblem(HttpStatusCode.BadRequest);
        await AssertNoInternals(malformed);
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Assert.Single(products.Headers.GetValues("Content-Security-Policy")));
    }
}
