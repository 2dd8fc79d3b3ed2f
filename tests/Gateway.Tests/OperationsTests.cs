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

    [Theory]
    [InlineData("/api/users", "post", "202,400,429")]
    [InlineData("/api/auth/token", "post", "200,400,401,429")]
    [InlineData("/api/users/me", "get", "200,404")]
    [InlineData("/api/users/me", "put", "200,400,404")]
    [InlineData("/api/users/me/notifications", "get", "200")]
    [InlineData("/api/products", "get", "200,400")]
    [InlineData("/api/products/{sku}", "get", "200,400,404")]
    [InlineData("/api/products/{sku}", "put", "200,201,400,409")]
    [InlineData("/api/products/{sku}/restock", "post", "200,400,404")]
    [InlineData("/api/orders", "post", "200,202,400,422,429,503")]
    [InlineData("/api/orders", "get", "200,400")]
    [InlineData("/api/orders/{id}", "get", "200,400,404")]
    [InlineData("/api/orders/{id}/cancel", "post", "200,404,409,503")]
    [InlineData("/api/dashboard", "get", "200")]
    [InlineData("/api/stats", "get", "200")]
    public async Task The_openapi_document_describes_every_route_with_its_answers(string path, string method, string statuses)
    {
        var document = await (await Api.Anonymous(fixture.Gateway).GetAsync("/openapi/v1.json")).Json();

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        var responses = operation.GetProperty("responses");
        foreach (var status in statuses.Split(','))
        {
            Assert.True(responses.TryGetProperty(status, out var answer), $"{method} {path} documents {status}");
            Assert.True(status == "202" || status == "200" || status == "201"
                ? answer.GetProperty("content").TryGetProperty("application/json", out _)
                : answer.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {status} has a body schema");
        }

        if (method is "post" or "put" && path != "/api/orders/{id}/cancel")
        {
            Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), $"{method} {path} documents its body");
        }
    }

    [Fact]
    public async Task The_openapi_document_names_no_server_from_the_request_and_is_the_same_for_every_host()
    {
        var client = Api.Anonymous(fixture.Gateway);
        async Task<string> Document(string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json") { Headers = { Host = host } };
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var first = await Document("evil.example");
        var second = await Document("shop.example");

        Assert.DoesNotContain("evil.example", first);
        Assert.DoesNotContain("shop.example", second);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_interactive_api_reference_is_served_in_development()
    {
        var response = await Api.Anonymous(fixture.Gateway).GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
