using System.Net;

namespace Shop.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class OperationsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Health_and_readiness_answer_200_while_the_cluster_is_reachable()
    {
        var client = Api.Anonymous(fixture.Gateway);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_problem_details()
    {
        var client = Api.Anonymous(fixture.Gateway);

        await (await client.GetAsync("/api/nothing-here")).AssertProblem(HttpStatusCode.NotFound);
        await (await client.DeleteAsync("/api/products")).AssertProblem(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_routes()
    {
        var document = await (await Api.Anonymous(fixture.Gateway).GetAsync("/openapi/v1.json")).Json();
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "/api/users", "/api/auth/token", "/api/users/me", "/api/products", "/api/products/{sku}", "/api/orders", "/api/orders/{id}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
    }
}
