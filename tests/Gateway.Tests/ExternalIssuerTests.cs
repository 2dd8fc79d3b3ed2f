using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Tests;

/// <summary>
/// Shop:Auth:External: the gateway accepts an outside OpenID Connect provider's tokens instead of its own.
/// The provider here is a local issuer: an ES256 key and its metadata document and JWKS served on 127.0.0.1.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ExternalIssuerTests(GatewayFixture fixture)
{
    private const string Audience = "shop-api-at-the-provider";

    [Fact]
    public async Task With_an_external_provider_configured_the_gateway_accepts_its_tokens_and_refuses_its_own()
    {
        await using var provider = await LocalProvider.StartAsync();
        // A shop account whose id the provider's "sub" names.
        var (ownTokenClient, userId, _) = await Api.NewUser(fixture.Gateway);
        var settings = fixture.ClusterSettings();
        settings["Shop:Auth:External:Authority"] = provider.Issuer;
        settings["Shop:Auth:External:Audience"] = Audience;
        settings["Shop:Auth:External:RequireHttpsMetadata"] = "false";
        await using var gateway = new GatewayFactory(settings);

        var client = Api.Anonymous(gateway);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", provider.TokenFor(userId, Audience));
        var me = await client.GetAsync("/api/users/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(userId, (await me.Json()).GetProperty("id").GetGuid());

        // Another audience, another signer, and the gateway's own tokens: refused.
        foreach (var token in new[]
                 {
                     provider.TokenFor(userId, "another-api"),
                     provider.TokenFor(userId, Audience, new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = provider.KeyId }),
                     ownTokenClient.DefaultRequestHeaders.Authorization!.Parameter!,
                 })
        {
            var other = Api.Anonymous(gateway);
            other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await (await other.GetAsync("/api/users/me")).AssertProblem(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task An_external_authority_without_an_audience_stops_the_start_naming_the_key()
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:Auth:External:Authority"] = "http://127.0.0.1:9/";
        await using var gateway = new GatewayFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Shop:Auth:External:Audience", error.ToString());
    }

    /// <summary>A minimal OpenID provider: discovery document and JWKS on 127.0.0.1, and tokens signed with its key.</summary>
    private sealed class LocalProvider : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ECDsaSecurityKey _key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "provider-key-1" };

        private LocalProvider(WebApplication app, string issuer)
        {
            _app = app;
            Issuer = issuer;
        }

        public string Issuer { get; }

        public string KeyId => _key.KeyId;

        public static async Task<LocalProvider> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            LocalProvider? provider = null;
            app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = provider!.Issuer,
                ["jwks_uri"] = $"{provider.Issuer}/jwks",
                ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            }));
            app.MapGet("/jwks", () =>
            {
                var point = provider!._key.ECDsa.ExportParameters(false).Q;
                return Results.Json(new
                {
                    keys = new[]
                    {
                        new { kty = "EC", crv = "P-256", use = "sig", alg = "ES256", kid = provider.KeyId,
                            x = Base64UrlEncoder.Encode(point.X), y = Base64UrlEncoder.Encode(point.Y) },
                    },
                });
            });
            await app.StartAsync();
            var address = app.Urls.Single();
            provider = new LocalProvider(app, address.TrimEnd('/'));
            Assert.StartsWith("http://127.0.0.1:", provider.Issuer);
            return provider;
        }

        public string TokenFor(Guid userId, string audience, SecurityKey? signer = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString())]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(signer ?? _key, SecurityAlgorithms.EcdsaSha256),
        });

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
