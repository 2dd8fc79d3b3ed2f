using System.Net;
using System.Net.Http.Json;

namespace Shop.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ProductHttpTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Anyone_can_list_the_seeded_demo_catalog()
    {
        // Every page: the list is paged (50 by default) and other tests add products that sort first.
        var products = new List<System.Text.Json.JsonElement>();
        for (var page = "/api/products?limit=100"; page is not null;)
        {
            var response = await Api.Anonymous(fixture.Gateway).GetAsync(page);
            products.AddRange((await response.Json()).EnumerateArray());
            page = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split(';')[0].Trim('<', '>') : null;
        }

        var demo = products.Where(p => p.GetProperty("sku").GetString()!.Length == 6).ToArray();
        Assert.True(demo.Length >= 10, $"expected at least 10 demo products, got {demo.Length}");
        Assert.All(demo, p => Assert.True(p.GetProperty("available").GetInt32() > 0));
        Assert.All(demo, p => Assert.True(p.GetProperty("price").GetDecimal() > 0));
    }

    [Fact]
    public async Task Admins_create_then_update_a_product_and_restock_it()
    {
        var admin = await Api.Admin(fixture.Gateway);
        var sku = $"P-{Guid.NewGuid():N}"[..12];

        var created = await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Lamp", description = "Warm", price = 19.99m, stock = 4 });
        var updated = await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Lamp 2", description = "Warmer", price = 21m, stock = 6 });
        var restocked = await admin.PostAsJsonAsync($"/api/products/{sku}/restock", new { quantity = 10 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/products/{sku}", created.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restocked.StatusCode);
        var product = await (await Api.Anonymous(fixture.Gateway).GetAsync($"/api/products/{sku}")).Json();
        Assert.Equal("Lamp 2", product.GetProperty("name").GetString());
        Assert.Equal("Warmer", product.GetProperty("description").GetString());
        Assert.Equal(21m, product.GetProperty("price").GetDecimal());
        Assert.Equal(16, product.GetProperty("stock").GetInt32());
        Assert.Equal(16, product.GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Unknown_and_malformed_skus_are_404_and_400()
    {
        var client = Api.Anonymous(fixture.Gateway);
        var admin = await Api.Admin(fixture.Gateway);

        await (await client.GetAsync("/api/products/NOPE-404")).AssertProblem(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/products/bad%20sku")).AssertValidationProblem("sku");
        await (await client.GetAsync($"/api/products/{new string('x', 65)}")).AssertValidationProblem("sku");
        await (await admin.PostAsJsonAsync("/api/products/NOPE-404/restock", new { quantity = 1 })).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_product_definitions_answer_400_and_change_nothing()
    {
        var admin = await Api.Admin(fixture.Gateway);
        var sku = $"V-{Guid.NewGuid():N}"[..12];

        await (await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "", price = 1.999m, stock = -1 }))
            .AssertValidationProblem("name", "price", "stock");
        await (await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "x", price = -1m, stock = 1 }))
            .AssertValidationProblem("price");
        await (await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "x", description = new string('d', 2001), price = 1m, stock = 1 }))
            .AssertValidationProblem("description");
        await (await admin.PostAsJsonAsync($"/api/products/{sku}/restock", new { quantity = 0 })).AssertValidationProblem("quantity");

        await (await admin.GetAsync($"/api/products/{sku}")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stock_below_the_reserved_quantity_is_a_conflict()
    {
        var admin = await Api.Admin(fixture.Gateway);
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = $"R-{Guid.NewGuid():N}"[..12];
        await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "x", price = 1m, stock = 5 });
        var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 4 } } });
        await Shop.TestSupport.Eventually.Until(async () => await (await user.GetAsync(placed.Headers.Location)).Json(),
            o => o.GetProperty("status").GetString() == "Confirmed", "confirmation");

        await (await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "x", price = 1m, stock = 3 })).AssertProblem(HttpStatusCode.Conflict);
        Assert.Equal(5, (await (await admin.GetAsync($"/api/products/{sku}")).Json()).GetProperty("stock").GetInt32());
    }
}
