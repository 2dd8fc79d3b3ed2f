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
        // A gateway whose token signing key is broken (8 bits): issuing a token throws deep inside
        // the token library, the way a bug would.
        await using var broken = new GatewayFactory(fixture.ClusterSettings()).WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton(new Auth.SigningKey(new SymmetricSecurityKey([42])))));
        var (_, _, email) = await Api.NewUser(fixture.Gateway);

        var response = await broken.CreateClient().PostAsJsonAsync("/api/auth/token", new { email, password = "password-1" });

        var problem = await response.AssertProblem(HttpStatusCode.InternalServerError);
        var text = problem.ToString();
        Assert.DoesNotContain("IDX", text);
        Assert.DoesNotContain("key", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("at Microsoft.", text);
        Assert.DoesNotContain("Exception", text);
    }
}
