using System.Net;
using System.Net.Http.Json;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API5 broken function level authorization: every admin function is
/// 403 for a user and 401 without a token, whichever method or override header is tried, and nothing changes.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class API5_FunctionLevelAuthorizationTests(GatewayFixture fixture)
{
    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "GET" or "HEAD" ? null : JsonContent.Create(new { name = "Taken over", description = "", price = 0, stock = 999, quantity = 999 }),
    };

    [Fact]
    public async Task API5_every_admin_route_is_403_for_a_user_and_401_without_a_token()
    {
        var admin = GatewayRoutes.Served(fixture.Gateway).Where(r => r.AdminOnly).ToArray();
        // Read from the routing, so a new admin route is covered; the list is pinned so that a route
        // losing its admin policy fails here too.
        Assert.Equal(["PUT /api/products/{sku}", "POST /api/products/{sku}/restock", "GET /api/stats"], admin.Select(r => r.ToString()));
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var before = await Shopping.Product(user, "KB-001");

        foreach (var route in admin)
        {
            await (await user.SendAsync(Request(route.Method, route.Sample))).AssertProblem(HttpStatusCode.Forbidden);
            await (await Api.Anonymous(fixture.Gateway).SendAsync(Request(route.Method, route.Sample))).AssertProblem(HttpStatusCode.Unauthorized);
        }

        var after = await Shopping.Product(user, "KB-001");
        Assert.Equal(before.GetProperty("name").GetString(), after.GetProperty("name").GetString());
        Assert.Equal(before.GetProperty("stock").GetInt32(), after.GetProperty("stock").GetInt32());
    }

    [Theory]
    [InlineData("POST", "/api/products/{sku}")]
    [InlineData("PATCH", "/api/products/{sku}")]
    [InlineData("DELETE", "/api/products/{sku}")]
    [InlineData("PUT", "/api/products/{sku}/restock")]
    [InlineData("GET", "/api/products/{sku}/restock")]
    [InlineData("POST", "/api/stats")]
    [InlineData("DELETE", "/api/stats")]
    [InlineData("DELETE", "/api/orders/{id}")]
    [InlineData("PUT", "/api/orders/{id}")]
    [InlineData("DELETE", "/api/users/me")]
    public async Task API5_method_tampering_reaches_no_function_and_changes_nothing(string method, string template)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await Shopping.NewProduct(fixture.Gateway, stock: 3);
        var order = (await Shopping.PlaceOrder(user, sku)).Headers.Location!.ToString();
        var path = template.Replace("{sku}", sku).Replace("/api/orders/{id}", order);

        var tampered = await user.SendAsync(Request(method, path));
        // A method override header is not honoured either: the request stays a POST.
        var overridden = Request("POST", path);
        overridden.Headers.Add("X-HTTP-Method-Override", "PUT");
        overridden.Headers.Add("X-HTTP-Method", "PUT");
        overridden.Headers.Add("X-Method-Override", "PUT");
        var withOverride = await user.SendAsync(overridden);

        await tampered.AssertProblem(HttpStatusCode.MethodNotAllowed);
        Assert.False(withOverride.IsSuccessStatusCode, $"POST {path} with an override header answered {withOverride.StatusCode}");
        var product = await Shopping.Product(user, sku);
        Assert.Equal(("Owasp product", 3), (product.GetProperty("name").GetString(), product.GetProperty("stock").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(order)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/users/me")).StatusCode);
    }
}
