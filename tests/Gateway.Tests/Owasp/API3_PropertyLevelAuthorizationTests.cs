using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API3 broken object property level authorization: a client sets
/// only the fields the contract gives it (mass assignment of role, id, owner, price or status is
/// ignored and grants nothing), and answers carry only the contract's fields (no password hashes,
/// roles or other users' data).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class API3_PropertyLevelAuthorizationTests(GatewayFixture fixture)
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task API3_registering_with_role_id_or_hash_fields_ignores_them_and_grants_nothing()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var chosenId = Guid.NewGuid();
        var client = Api.Anonymous(fixture.Gateway);

        var created = await client.PostAsync("/api/users", Json($$"""
            {"email":"{{email}}","name":"Mallory","password":"password-1",
             "id":"{{chosenId}}","role":"admin","roles":["admin"],"isAdmin":true,"admin":true,
             "createdAt":"2000-01-01T00:00:00Z","passwordHash":"AAAA","emailVerified":true}
            """));

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal(["email", "message"], Shopping.Fields(await created.Json()));
        // The password is the one given, not the "hash", and the token carries no role.
        await Api.LogIn(client, email, "password-1");
        var profile = await (await client.GetAsync("/api/users/me")).Json();
        Assert.NotEqual(chosenId, profile.GetProperty("id").GetGuid());
        Assert.True(profile.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        var claims = new JsonWebToken(client.DefaultRequestHeaders.Authorization!.Parameter!).Claims.Select(c => c.Type).ToArray();
        Assert.DoesNotContain("role", claims);
        await (await client.GetAsync("/api/stats")).AssertProblem(HttpStatusCode.Forbidden);
        await (await client.PutAsJsonAsync("/api/products/API3-1", new { name = "x", description = "", price = 1, stock = 1 })).AssertProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task API3_updating_the_profile_changes_the_name_only()
    {
        var (user, userId, email) = await Api.NewUser(fixture.Gateway);
        var (_, otherId, otherEmail) = await Api.NewUser(fixture.Gateway);
        var before = await (await user.GetAsync("/api/users/me")).Json();

        var updated = await user.PutAsync("/api/users/me", Json($$"""
            {"name":"Renamed","email":"{{otherEmail}}","id":"{{otherId}}","role":"admin","roles":["admin"],
             "isAdmin":true,"createdAt":"2000-01-01T00:00:00Z","password":"new-password-1"}
            """));

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var me = await (await user.GetAsync("/api/users/me")).Json();
        Assert.Equal("Renamed", me.GetProperty("name").GetString());
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal(userId, me.GetProperty("id").GetGuid());
        Assert.Equal(before.GetProperty("createdAt").GetDateTimeOffset(), me.GetProperty("createdAt").GetDateTimeOffset());
        // Neither the password nor the role changed: the old password still works, and no admin route opens.
        var again = Api.Anonymous(fixture.Gateway);
        await Api.LogIn(again, email, "password-1");
        await (await again.GetAsync("/api/stats")).AssertProblem(HttpStatusCode.Forbidden);
        await (await again.PostAsJsonAsync("/api/auth/token", new { email, password = "new-password-1" })).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task API3_an_order_body_cannot_set_its_owner_price_total_status_or_id()
    {
        var (user, userId, _) = await Api.NewUser(fixture.Gateway);
        var (victim, victimId, _) = await Api.NewUser(fixture.Gateway);
        var sku = await Shopping.NewProduct(fixture.Gateway, stock: 10, price: 25m);
        var chosenId = Guid.NewGuid();

        var placed = await user.PostAsync("/api/orders", Json($$"""
            {"id":"{{chosenId}}","userId":"{{victimId}}","status":"Confirmed","total":0.01,"reason":null,
             "createdAt":"2000-01-01T00:00:00Z",
             "items":[{"sku":"{{sku}}","quantity":2,"unitPrice":0.01,"price":0,"total":0}]}
            """));

        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var order = await placed.Json();
        Assert.NotEqual(chosenId, order.GetProperty("id").GetGuid());
        Assert.Equal(userId, order.GetProperty("userId").GetGuid());
        Assert.Equal("Pending", order.GetProperty("status").GetString());
        Assert.Equal(25m, order.GetProperty("items")[0].GetProperty("unitPrice").GetDecimal());
        Assert.Equal(50m, order.GetProperty("total").GetDecimal());
        Assert.True(order.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal(0, (await (await victim.GetAsync("/api/orders")).Json()).GetArrayLength());
        await (await user.GetAsync($"/api/orders/{chosenId}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task API3_a_product_definition_cannot_set_reserved_or_available_units()
    {
        var admin = await Api.Admin(fixture.Gateway);
        var sku = $"API3-{Guid.NewGuid():N}"[..20];

        var created = await admin.PutAsync($"/api/products/{sku}", Json("""
            {"name":"Lamp","description":"","price":5,"stock":10,"reserved":7,"available":1000,"sku":"OTHER-1"}
            """));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = await Shopping.Product(admin, sku);
        Assert.Equal((sku, 10, 0, 10), (product.GetProperty("sku").GetString(), product.GetProperty("stock").GetInt32(),
            product.GetProperty("reserved").GetInt32(), product.GetProperty("available").GetInt32()));
        await (await admin.GetAsync("/api/products/OTHER-1")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task API3_answers_carry_only_the_contracts_fields_and_never_a_password_or_hash()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var client = Api.Anonymous(fixture.Gateway);
        var registered = await client.PostAsJsonAsync("/api/users", new { email, name = "Ada", password = "secret-password-1" });
        var token = await client.PostAsJsonAsync("/api/auth/token", new { email, password = "secret-password-1" });
        await Api.LogIn(client, email, "secret-password-1");
        var sku = await Shopping.NewProduct(fixture.Gateway, stock: 5);
        var placed = await Shopping.PlaceOrder(client, sku);
        await Shopping.WaitForStatus(client, placed.Headers.Location!.ToString(), "Confirmed");
        var mails = await Shop.TestSupport.Eventually.Until(async () => await (await client.GetAsync("/api/users/me/notifications")).Json(),
            n => n.GetArrayLength() == 1, "the confirmation e-mail");

        var answers = new Dictionary<string, (System.Text.Json.JsonElement Body, string[] Fields)>
        {
            ["registration"] = (await registered.Json(), ["email", "message"]),
            ["token"] = (await token.Json(), ["accessToken", "expiresIn", "refreshExpiresIn", "refreshToken", "tokenType"]),
            ["me"] = (await (await client.GetAsync("/api/users/me")).Json(), ["createdAt", "email", "id", "name"]),
            ["product list"] = ((await (await client.GetAsync("/api/products")).Json())[0], ["available", "name", "price", "sku"]),
            ["product"] = (await Shopping.Product(client, sku), ["available", "description", "name", "price", "reserved", "sku", "stock"]),
            ["order"] = ((await (await client.GetAsync("/api/orders")).Json())[0], ["createdAt", "id", "items", "reason", "status", "total", "updatedAt", "userId"]),
            ["notification"] = (mails[0], ["id", "kind", "orderId", "sentAt", "subject"]),
            ["dashboard"] = (await (await client.GetAsync("/api/dashboard")).Json(), ["degraded", "orders", "stats", "topProducts", "user"]),
        };

        foreach (var (name, (body, fields)) in answers)
        {
            Assert.True(fields.SequenceEqual(Shopping.Fields(body)), $"{name}: {string.Join(", ", Shopping.Fields(body))}");
            // The access token is random base64: any word may turn up in it by chance.
            var text = name == "token" ? "" : body.ToString();
            Assert.DoesNotContain("secret-password-1", text);
            Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("roles", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task API3_the_dashboard_shows_the_callers_own_figures_and_not_another_users_or_the_shops()
    {
        var gateway = fixture.Gateway;
        var sku = await Shopping.NewProduct(gateway, stock: 100, price: 10m);
        var (user, _, _) = await Api.NewUser(gateway);
        var (other, _, _) = await Api.NewUser(gateway);

        async Task Confirmed(HttpClient client, int quantity)
        {
            var placed = await Shopping.PlaceOrder(client, sku, quantity);
            Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
            await Shopping.WaitForStatus(client, placed.Headers.Location!.ToString(), "Confirmed");
        }

        await Confirmed(user, 2);
        await Confirmed(user, 3);
        await Confirmed(other, 4);

        var mine = await (await user.GetAsync("/api/dashboard")).Json();
        var stats = mine.GetProperty("stats");
        Assert.Equal(["ordersConfirmed", "ordersPlaced", "totalSpent"], Shopping.Fields(stats));
        Assert.Equal(2, stats.GetProperty("ordersPlaced").GetInt32());
        Assert.Equal(2, stats.GetProperty("ordersConfirmed").GetInt32());
        Assert.Equal(50m, stats.GetProperty("totalSpent").GetDecimal());
        var theirs = (await (await other.GetAsync("/api/dashboard")).Json()).GetProperty("stats");
        Assert.Equal(1, theirs.GetProperty("ordersPlaced").GetInt32());
        Assert.Equal(40m, theirs.GetProperty("totalSpent").GetDecimal());
        // No shop-wide counts or revenue anywhere in the answer; those stay admin-only.
        var text = mine.ToString();
        Assert.DoesNotContain("revenue", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ordersCreated", text, StringComparison.OrdinalIgnoreCase);
        await (await user.GetAsync("/api/stats")).AssertProblem(HttpStatusCode.Forbidden);
    }
}
