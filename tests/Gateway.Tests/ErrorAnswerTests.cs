using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ErrorAnswerTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_body_over_64_KiB_is_413_whether_its_length_is_declared_or_not()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var huge = "{\"items\":[{\"sku\":\"" + new string('x', 70 * 1024) + "\",\"quantity\":1}]}";

        var declared = await user.PostAsync("/api/orders", new StringContent(huge, Encoding.UTF8, "application/json"));
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/json");
        var streamed = await user.PostAsync("/api/orders", chunked);

        await declared.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        await streamed.AssertProblem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_read()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var padding = new string(' ', 60 * 1024);
        var json = "{\"items\":[{\"sku\":\"KB-001\",\"quantity\":1}]" + padding + "}";

        var response = await user.PostAsync("/api/orders", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task An_unexpected_error_is_a_500_problem_without_internals()
    {
        // A gateway whose token issuer's clock is broken (the end of time): issuing a token throws deep
        // inside the date arithmetic, the way a bug would.
        await using var broken = new GatewayFactory(fixture.ClusterSettings()).WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton(provider => new Auth.TokenIssuer(
                provider.GetRequiredService<Auth.SigningKeys>(),
                provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Auth.AccessTokenOptions>>(),
                new EndOfTime()))));
        var (_, _, email) = await Api.NewUser(fixture.Gateway);

        var response = await broken.CreateClient().PostAsJsonAsync("/api/auth/token", new { email, password = "password-1" });

        var problem = await response.AssertProblem(HttpStatusCode.InternalServerError);
        var text = problem.ToString();
        Assert.DoesNotContain("IDX", text);
        Assert.DoesNotContain("key", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("at Microsoft.", text);
        Assert.DoesNotContain("Exception", text);
    }

    [Fact]
    public async Task Every_problem_is_titled_with_its_status_phrase_whoever_answers_it()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var anonymous = fixture.Gateway.CreateClient();

        // The framework's 404 (unknown route) and ours (unknown order) spell it the same way.
        var unknownRoute = await (await user.GetAsync("/api/no-such-route")).AssertProblem(HttpStatusCode.NotFound);
        var unknownOrder = await (await user.GetAsync($"/api/orders/{Guid.NewGuid()}")).AssertProblem(HttpStatusCode.NotFound);
        var invalid = await (await user.GetAsync("/api/orders?limit=0")).AssertProblem(HttpStatusCode.BadRequest);
        var unauthorized = await (await anonymous.GetAsync("/api/orders")).AssertProblem(HttpStatusCode.Unauthorized);

        Assert.Equal("Not Found", unknownRoute.GetProperty("title").GetString());
        Assert.Equal("Not Found", unknownOrder.GetProperty("title").GetString());
        Assert.Equal("Bad Request", invalid.GetProperty("title").GetString());
        Assert.Equal("Unauthorized", unauthorized.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_a_validation_problem_naming_the_parameter()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);

        await (await user.GetAsync("/api/orders?limit=abc")).AssertValidationProblem("limit");
        await (await user.GetAsync($"/api/orders/{Guid.NewGuid()}?wait=soon")).AssertValidationProblem("wait");
        await (await user.GetAsync("/api/products?limit=1e3")).AssertValidationProblem("limit");
    }

    [Fact]
    public async Task A_key_given_twice_in_a_json_body_is_refused_and_places_nothing()
    {
        var (user, _, _) = await Api.NewUser(fixture.Gateway);
        var twice = """{"items":[{"sku":"KB-001","quantity":1}],"items":[{"sku":"KB-001","quantity":2}]}""";
        var twiceInALine = """{"items":[{"sku":"KB-001","quantity":1,"quantity":2}]}""";

        var response = await user.PostAsync("/api/orders", new StringContent(twice, Encoding.UTF8, "application/json"));
        var inLine = await user.PostAsync("/api/orders", new StringContent(twiceInALine, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString());
        await inLine.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(0, (await (await user.GetAsync("/api/orders")).Json()).GetArrayLength());
    }
}

/// <summary>A clock stuck at the last representable instant: adding a lifetime to it throws.</summary>
file sealed class EndOfTime : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.MaxValue;
}
