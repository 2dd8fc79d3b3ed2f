using System.Net;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Shop.Gateway.Tests;

/// <summary>OWASP API Security Top 10 (2023), API8 security misconfiguration: what every answer says about itself.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SecurityMisconfigurationTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("GET", "/api/products", null, HttpStatusCode.OK)]
    [InlineData("GET", "/api/no-such-route", null, HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/users", "{not json", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/users/me", null, HttpStatusCode.Unauthorized)]
    public async Task API8_every_answer_carries_the_security_headers(string method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await Api.Anonymous(fixture.Gateway).SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public void API8_kestrel_sends_no_server_banner()
    {
        var kestrel = fixture.Gateway.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.False(kestrel.AddServerHeader);
    }
}
