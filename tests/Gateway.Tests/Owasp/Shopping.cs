using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>Products, orders and gateways the OWASP tests set up through the API, as a client would.</summary>
public static class Shopping
{
    public static async Task<string> NewProduct(WebApplicationFactory<Program> gateway, int stock, decimal price = 10m, string? sku = null)
    {
        sku ??= $"O-{Guid.NewGuid():N}"[..16];
        var admin = await Api.Admin(gateway);
        var put = await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Owasp product", description = "for tests", price, stock });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return sku;
    }

    public static async Task<JsonElement> Product(HttpClient client, string sku) => await (await client.GetAsync($"/api/products/{sku}")).Json();

    public static Task<HttpResponseMessage> PlaceOrder(HttpClient client, string sku, int quantity = 1) =>
        client.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity } } });

    public static Task<JsonElement> WaitForStatus(HttpClient client, string location, string status) =>
        Eventually.Until(async () => await (await client.GetAsync(location)).Json(),
            o => o.GetProperty("status").GetString() == status, $"{location} to be {status}");

    /// <summary>A gateway of the fixture's cluster with the product's own default rate limits (the shared one has huge ones).</summary>
    public static GatewayFactory GatewayWithDefaultLimits(GatewayFixture fixture)
    {
        var settings = fixture.ClusterSettings();
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Shop:RateLimits:", StringComparison.Ordinal)).ToArray())
        {
            settings.Remove(key);
        }

        return new GatewayFactory(settings);
    }

    /// <summary>The names of a JSON object's properties.</summary>
    public static string[] Fields(JsonElement body) => [.. body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
