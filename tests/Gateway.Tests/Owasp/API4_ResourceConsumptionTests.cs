using System.Net;
using System.Net.Http.Json;
using System.Text;
using Shop.Gateway.Endpoints;
using Shop.Orders;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API4 unrestricted resource consumption: no answer grows with the
/// data (lists are paged), no request can ask for unbounded work (order lines and quantities, body
/// size), and bad limits are 400 problems. The per-user cap on pending orders is
/// <c>OrderHttpTests.API4_a_user_with_too_many_pending_orders_gets_429_with_retry_after</c>; the rate
/// limits are <c>RateLimitTests</c>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class API4_ResourceConsumptionTests(GatewayFixture fixture)
{
    /// <summary>Creates <paramref name="count"/> products whose skus share a prefix no other sku has, and returns the prefix and skus.</summary>
    private async Task<(string Prefix, string[] Skus)> Products(int count)
    {
        var prefix = $"PG-{Guid.NewGuid():N}-";
        var skus = Enumerable.Range(0, count).Select(i => $"{prefix}{i:D3}").ToArray();
        var admin = await Api.Admin(fixture.Gateway);
        foreach (var batch in skus.Chunk(10))
        {
            var created = await Task.WhenAll(batch.Select(sku => admin.PutAsJsonAsync($"/api/products/{sku}", new { name = sku, description = "", price = 1, stock = 1 })));
            Assert.All(created, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        }

        return (prefix, skus);
    }

    private static string[] Skus(System.Text.Json.JsonElement page) => [.. page.EnumerateArray().Select(p => p.GetProperty("sku").GetString()!)];

    private static string? Next(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var link) ? link.Single() : null;

    [Fact]
    public async Task API4_the_catalog_is_paged_by_a_sku_cursor_with_a_link_to_the_next_page()
    {
        var (prefix, skus) = await Products(5);
        var client = Api.Anonymous(fixture.Gateway);

        // The prefix sorts just before the first of these skus: pages start exactly there.
        var first = await client.GetAsync($"/api/products?limit=2&after={prefix}");
        var second = await client.GetAsync($"/api/products?limit=2&after={skus[1]}");
        var third = await client.GetAsync($"/api/products?limit=2&after={skus[3]}");

        Assert.Equal(skus[..2], Skus(await first.Json()));
        Assert.Equal($"</api/products?limit=2&after={skus[1]}>; rel=\"next\"", Next(first));
        Assert.Equal(skus[2..4], Skus(await second.Json()));
        Assert.Equal(skus[4], Skus(await third.Json())[0]);
        // The cursor need not be a sku that exists.
        Assert.Equal(skus[..2], Skus(await (await client.GetAsync($"/api/products?limit=2&after={skus[0][..^1]}")).Json()));
    }

    [Fact]
    public async Task API4_the_catalog_paging_parameters_are_in_the_openapi_document()
    {
        var document = await (await Api.Anonymous(fixture.Gateway).GetAsync("/openapi/v1.json")).Json();

        var parameters = document.GetProperty("paths").GetProperty("/api/products").GetProperty("get").GetProperty("parameters");

        Assert.Equal(["after", "limit"], parameters.EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task API4_a_catalog_page_has_50_products_by_default_and_at_most_100()
    {
        var (prefix, skus) = await Products(ProductEndpoints.MaxListLimit + 1);
        var client = Api.Anonymous(fixture.Gateway);

        var byDefault = await client.GetAsync($"/api/products?after={prefix}");
        var largest = await client.GetAsync($"/api/products?limit={ProductEndpoints.MaxListLimit}&after={prefix}");
        var last = await client.GetAsync($"/api/products?limit=1&after={skus[^2]}");

        Assert.Equal(skus[..ProductEndpoints.DefaultListLimit], Skus(await byDefault.Json()));
        Assert.Contains($"after={skus[ProductEndpoints.DefaultListLimit - 1]}>", Next(byDefault));
        Assert.Equal(skus[..ProductEndpoints.MaxListLimit], Skus(await largest.Json()));
        Assert.Equal([skus[^1]], Skus(await last.Json()));
        await (await client.GetAsync($"/api/products?limit={ProductEndpoints.MaxListLimit + 1}")).AssertValidationProblem("limit");
    }

    [Theory]
    [InlineData("/api/products?limit=0", "limit")]
    [InlineData("/api/products?limit=-1", "limit")]
    [InlineData("/api/products?limit=101", "limit")]
    [InlineData("/api/products?after=bad%20sku!", "after")]
    [InlineData("/api/products?after=%00", "after")]
    [InlineData("/api/products?after=", "after")]
    [InlineData("/api/products?limit=0&after=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "limit,after")]
    [InlineData("/api/orders?limit=0", "limit")]
    [InlineData("/api/orders?limit=101", "limit")]
    [InlineData("/api/orders?limit=2147483647", "limit")]
    public async Task API4_out_of_range_limits_and_cursors_are_400_naming_the_parameter(string path, string fields)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        await (await user.GetAsync(path)).AssertValidationProblem(fields.Split(','));
    }

    [Theory]
    [InlineData("/api/products?limit=ten")]
    [InlineData("/api/products?limit=99999999999")]
    [InlineData("/api/products?limit=1.5")]
    [InlineData("/api/orders?limit=99999999999")]
    [InlineData("/api/orders?limit=%FF")]
    public async Task API4_unreadable_limits_are_400_problems_not_errors(string path)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        await (await user.GetAsync(path)).AssertProblem(HttpStatusCode.BadRequest);
    }

    private static StringContent OrderOf(IEnumerable<string> lines) =>
        new("{\"items\":[" + string.Join(',', lines) + "]}", Encoding.UTF8, "application/json");

    [Fact]
    public async Task API4_an_order_has_at_most_50_lines_and_1000_units_per_line()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var sku = await Shopping.NewProduct(fixture.Gateway, stock: 5000);
        // Unknown skus are accepted and then rejected by the saga: enough to count lines.
        string Line(int i) => $"{{\"sku\":\"API4-{i}\",\"quantity\":1}}";

        var fifty = await user.PostAsync("/api/orders", OrderOf(Enumerable.Range(0, OrderRules.MaxLines).Select(Line)));
        var fiftyOne = await user.PostAsync("/api/orders", OrderOf(Enumerable.Range(0, OrderRules.MaxLines + 1).Select(Line)));
        var thousand = await Shopping.PlaceOrder(user, sku, OrderRules.MaxQuantity);
        var thousandAndOne = await Shopping.PlaceOrder(user, sku, OrderRules.MaxQuantity + 1);

        Assert.Equal(HttpStatusCode.Accepted, fifty.StatusCode);
        Assert.Equal(OrderRules.MaxLines, (await fifty.Json()).GetProperty("items").GetArrayLength());
        await fiftyOne.AssertValidationProblem("items");
        Assert.Equal(HttpStatusCode.Accepted, thousand.StatusCode);
        await thousandAndOne.AssertValidationProblem("items[0].quantity");
        Assert.Equal(2, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("2147483647")]
    public async Task API4_a_quantity_outside_1_to_1000_is_refused_before_reaching_the_cluster(string quantity)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var response = await user.PostAsync("/api/orders", OrderOf([$"{{\"sku\":\"KB-001\",\"quantity\":{quantity}}}"]));

        await response.AssertValidationProblem("items[0].quantity");
        Assert.Equal(0, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("1e400")]
    [InlineData("99999999999999999999999999999999")]
    [InlineData("1.5")]
    public async Task API4_a_quantity_that_is_no_32_bit_integer_is_a_400_problem(string quantity)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var response = await user.PostAsync("/api/orders", OrderOf([$"{{\"sku\":\"KB-001\",\"quantity\":{quantity}}}"]));

        await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(0, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
    }

    public static TheoryData<string, string, bool> BodyRoutes() => new()
    {
        { "POST", "/api/users", false },
        { "POST", "/api/auth/token", false },
        { "PUT", "/api/users/me", false },
        { "POST", "/api/orders", false },
        { "PUT", "/api/products/API4-BIG", true },
        { "POST", "/api/products/KB-001/restock", true },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task API4_a_body_over_64_KiB_is_413_on_every_route_that_reads_one(string method, string path, bool asAdmin)
    {
        var client = asAdmin ? await Api.Admin(fixture.Gateway) : (await Api.NewUser(fixture.Gateway)).Client;
        var huge = "{\"name\":\"" + new string('x', 65 * 1024) + "\"}";
        var streamed = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        streamed.Headers.ContentType = new("application/json");

        var declared = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(huge, Encoding.UTF8, "application/json") });
        var chunked = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = streamed });

        await declared.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        await chunked.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        await (await Api.Anonymous(fixture.Gateway).GetAsync("/api/products/API4-BIG")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task API4_passwords_over_128_characters_are_refused_before_any_hashing()
    {
        // PBKDF2 costs CPU per byte of password: a megabyte-long password must not reach it.
        var (_, _, email) = await Api.NewUser(fixture.Gateway);
        var client = Api.Anonymous(fixture.Gateway);
        var longPassword = new string('p', 60 * 1024);

        await (await client.PostAsJsonAsync("/api/auth/token", new { email, password = longPassword })).AssertValidationProblem("password");
        await (await client.PostAsJsonAsync("/api/users", new { email = $"{Guid.NewGuid():N}@example.com", name = "Long", password = longPassword }))
            .AssertValidationProblem("password");
    }
}
