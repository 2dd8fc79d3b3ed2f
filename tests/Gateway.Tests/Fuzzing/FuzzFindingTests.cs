using System.Net;
using System.Text;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>The bugs the fuzz suite found, each pinned by a plain test of the behaviour it broke.</summary>
[Collection(GatewayCollection.Name)]
public sealed class FuzzFindingTests(GatewayFixture fixture)
{
    private const string Order = """{"items":[{"sku":"KB-001","quantity":1}]}""";

    /// <summary>A POST with the Content-Type as given: unchecked, as an attacker sends it.</summary>
    private static HttpRequestMessage Post(string path, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("image/png, text/plain;q=0.5")]
    public async Task Errors_are_problem_details_even_when_the_client_accepts_only_other_types(string accept)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var anonymous = Api.Anonymous(fixture.Gateway);
        foreach (var client in new[] { user, anonymous })
        {
            client.DefaultRequestHeaders.Accept.Clear();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", accept);
        }

        // Each of these was an empty 500 (an exception the handlers could not write) or a text/plain page.
        await (await user.SendAsync(Post("/api/orders", "{\"items\":[", "application/json"))).AssertProblem(HttpStatusCode.BadRequest);
        await (await user.SendAsync(Post("/api/orders", Order, "text/plain"))).AssertProblem(HttpStatusCode.UnsupportedMediaType);
        await (await anonymous.GetAsync("/api/orders")).AssertProblem(HttpStatusCode.Unauthorized);
        await (await user.GetAsync("/api/stats")).AssertProblem(HttpStatusCode.Forbidden);
        await (await anonymous.GetAsync("/api/nothing-here")).AssertProblem(HttpStatusCode.NotFound);
        // A validation problem keeps its "errors" too.
        await (await user.GetAsync("/api/orders?limit=0")).AssertValidationProblem("limit");
    }

    [Theory]
    [InlineData("utf-7")]
    [InlineData("klingon")]
    [InlineData("ibm037")]
    [InlineData("")]
    [InlineData("\"\"")]
    public async Task A_body_in_a_charset_dotnet_does_not_know_is_415_problem_details_not_500(string charset)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var response = await user.SendAsync(Post("/api/orders", Order, $"application/json; charset={charset}"));

        var problem = await response.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
    }

    [Theory]
    [InlineData("\"utf-8\"")]
    [InlineData("\"UTF-8\"")]
    public async Task A_quoted_charset_is_read_like_the_plain_name(string charset)
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        var response = await user.SendAsync(Post("/api/orders", Order, $"application/json; charset={charset}"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Pending", (await response.Json()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_sku_with_a_trailing_newline_is_refused_everywhere()
    {
        var admin = await Api.Admin(fixture.Gateway);
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        // The sku rule's "$" matched before a final newline: this created a product "KB-001\n".
        await (await admin.PutAsync("/api/products/NL-001%0A", new StringContent("""{"name":"x","price":1,"stock":1}""", Encoding.UTF8, "application/json")))
            .AssertValidationProblem("sku");
        await (await admin.PostAsync("/api/products/KB-001%0A/restock", new StringContent("""{"quantity":1}""", Encoding.UTF8, "application/json")))
            .AssertValidationProblem("sku");
        await (await Api.Anonymous(fixture.Gateway).GetAsync("/api/products/KB-001%0A")).AssertValidationProblem("sku");
        await (await user.SendAsync(Post("/api/orders", """{"items":[{"sku":"KB-001\n","quantity":1}]}""", "application/json")))
            .AssertValidationProblem("items[0].sku");

        var catalog = await (await admin.GetAsync("/api/products")).Json();
        Assert.DoesNotContain(catalog.EnumerateArray(), p => p.GetProperty("sku").GetString()!.Contains('\n'));
        Assert.Equal(0, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
    }
}
