using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Shop.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class AuthenticationTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("GET", "/api/users/me")]
    [InlineData("PUT", "/api/users/me")]
    [InlineData("GET", "/api/users/me/notifications")]
    [InlineData("GET", "/api/orders")]
    [InlineData("POST", "/api/orders")]
    [InlineData("GET", "/api/stats")]
    public async Task Protected_routes_answer_401_without_a_token(string method, string path)
    {
        var response = await Api.Anonymous(fixture.Gateway).SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "GET" ? null : JsonContent.Create(new { }),
        });

        await response.AssertProblem(HttpStatusCode.Unauthorized);
    }

    public static TheoryData<string> BadTokens() =>
        ["expired", "other-key", "wrong-issuer", "wrong-audience", "alg-none", "tampered", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_tokens_are_refused(string kind)
    {
        var (user, userId, _) = await Api.NewUser(fixture.Gateway);
        var validToken = user.DefaultRequestHeaders.Authorization!.Parameter!;
        var token = kind switch
        {
            "expired" => TokenForge.Create(fixture.SigningKey, userId, expires: DateTime.UtcNow.AddMinutes(-5)),
            "other-key" => TokenForge.Create(TokenForge.OtherKey(fixture.SigningKey), userId, role: ShopRoles.Admin),
            "wrong-issuer" => TokenForge.Create(fixture.SigningKey, userId, issuer: "someone-else"),
            "wrong-audience" => TokenForge.Create(fixture.SigningKey, userId, audience: "another-api"),
            "alg-none" => TokenForge.Unsigned(userId),
            "tampered" => TokenForge.Tampered(validToken),
            _ => "not-a-jwt",
        };
        var client = Api.Anonymous(fixture.Gateway);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await (await client.GetAsync("/api/users/me")).AssertProblem(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/stats")).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_the_gateway_key_for_an_open_session_is_accepted()
    {
        var (user, userId, _) = await Api.NewUser(fixture.Gateway);
        var sessionId = Guid.Parse(TokenForge.Read(user.DefaultRequestHeaders.Authorization!.Parameter!).GetClaim("sid").Value);
        var client = Api.Anonymous(fixture.Gateway);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenForge.Create(fixture.SigningKey, userId, sessionId: sessionId));

        var me = await client.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(userId, (await me.Json()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/users/me")).StatusCode);
    }

    [Fact]
    public async Task Registration_answers_202_and_the_new_account_signs_in_at_once()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var client = Api.Anonymous(fixture.Gateway);
        var response = await client.PostAsJsonAsync("/api/users", new { email, name = "Ada", password = "long-enough" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(["email", "message"], Shop.Gateway.Tests.Owasp.Shopping.Fields(body));
        Assert.Equal(email, body.GetProperty("email").GetString());
        await Api.LogIn(client, email, "long-enough");
        var me = await (await client.GetAsync("/api/users/me")).Json();
        Assert.Equal(("Ada", email), (me.GetProperty("name").GetString(), me.GetProperty("email").GetString()));
        Assert.NotEqual(Guid.Empty, me.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Invalid_registrations_answer_400_naming_each_field()
    {
        var client = Api.Anonymous(fixture.Gateway);

        await (await client.PostAsJsonAsync("/api/users", new { email = "not-an-email", name = "", password = "short" }))
            .AssertValidationProblem("email", "name", "password");
        await (await client.PostAsJsonAsync("/api/users", new { }))
            .AssertValidationProblem("email", "name", "password");
        await (await client.PostAsJsonAsync("/api/users", new { email = "a@b.example", name = new string('n', 101), password = new string('p', 129) }))
            .AssertValidationProblem("name", "password");
    }

    [Fact]
    public async Task Wrong_credentials_answer_401()
    {
        var (_, _, email) = await Api.NewUser(fixture.Gateway);
        var client = Api.Anonymous(fixture.Gateway);

        await (await client.PostAsJsonAsync("/api/auth/token", new { email, password = "wrong-password" })).AssertProblem(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync("/api/auth/token", new { email = "nobody@example.com", password = "password-1" })).AssertProblem(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync("/api/auth/token", new { email = "" })).AssertValidationProblem("email", "password");
    }

    [Fact]
    public async Task A_token_answer_follows_the_contract()
    {
        var (_, _, email) = await Api.NewUser(fixture.Gateway);

        var body = await (await Api.Anonymous(fixture.Gateway).PostAsJsonAsync("/api/auth/token", new { email, password = "password-1" })).Json();

        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        // Short-lived access (5 minutes by default), long-lived refresh (14 days).
        Assert.Equal(300, body.GetProperty("expiresIn").GetInt32());
        Assert.Equal(14 * 24 * 3600, body.GetProperty("refreshExpiresIn").GetInt32());
        Assert.Equal(3, body.GetProperty("accessToken").GetString()!.Split('.').Length);
        var jwt = TokenForge.Read(body.GetProperty("accessToken").GetString()!);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal(fixture.SigningKey.KeyId, jwt.Kid);
        Assert.True(Guid.TryParse(jwt.GetClaim("sid").Value, out _));
        Assert.Equal(86, body.GetProperty("refreshToken").GetString()!.Length);
    }

    [Theory]
    [InlineData("PUT", "/api/products/ANY-1")]
    [InlineData("POST", "/api/products/ANY-1/restock")]
    [InlineData("GET", "/api/stats")]
    public async Task Admin_routes_answer_403_to_users(string method, string path)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var response = await user.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "GET" ? null : JsonContent.Create(new { name = "x", description = "", price = 1, stock = 1, quantity = 1 }),
        });

        await response.AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_configured_administrator_can_use_admin_routes()
    {
        var admin = await Api.Admin(fixture.Gateway);

        var stats = await admin.GetAsync("/api/stats");

        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        var body = await stats.Json();
        foreach (var field in new[] { "ordersCreated", "ordersConfirmed", "ordersRejected", "ordersCancelled", "revenue", "topProducts" })
        {
            Assert.True(body.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Users_read_and_rename_their_own_profile()
    {
        var (user, userId, email) = await Api.NewUser(fixture.Gateway);

        var renamed = await user.PutAsJsonAsync("/api/users/me", new { name = "  Renamed  " });
        var me = await (await user.GetAsync("/api/users/me")).Json();

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Renamed", me.GetProperty("name").GetString());
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(userId, me.GetProperty("id").GetGuid());
        await (await user.PutAsJsonAsync("/api/users/me", new { name = "" })).AssertValidationProblem("name");
    }
}
