using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.Grains.Security;
using Shop.Security;
using Shop.Tests.Shared;

namespace Shop.Grains.Tests;

public sealed class ServiceTokenValidatorTests
{
    private static readonly ServiceTokenValidator Validator = new([("gateway", TestKeys.PublicKeyPem)]);

    private static string Token(ECDsa key, DateTime expires, Guid? user = null, params string[] roles)
    {
        var claims = new List<Claim>();
        if (user is { } id)
        {
            claims.Add(new Claim("sub", id.ToString()));
        }

        claims.AddRange(roles.Select(r => new Claim("role", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ServiceIdentity.GatewayService,
            Audience = ServiceIdentity.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expires.AddMinutes(-10),
            NotBefore = expires.AddMinutes(-10),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "gateway" }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    // One instance for the whole run, never disposed: the token library caches signing providers per
    // key id, and a disposed key behind that cache breaks the next signature.
    private static readonly ECDsa SigningKey = LoadGatewayKey();

    private static ECDsa LoadGatewayKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(TestKeys.PrivateKeyPem);
        return key;
    }

    [Fact]
    public async Task A_valid_token_names_the_service_the_user_and_the_roles_every_time_it_is_presented()
    {
        var key = SigningKey;
        var user = Guid.NewGuid();
        var token = Token(key, DateTime.UtcNow.AddMinutes(5), user, ShopRoles.Admin);

        var first = await Validator.Validate(token);
        var again = await Validator.Validate(token);

        Assert.Equal("service:gateway", first.Caller!.Subject);
        Assert.Equal(user, first.Caller.UserId);
        Assert.True(first.Caller.IsAdmin);
        Assert.Same(first.Caller, again.Caller);
    }

    [Fact]
    public async Task Expired_tampered_and_foreign_tokens_are_refused_however_often_they_are_presented()
    {
        var key = SigningKey;
        using var foreign = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var valid = Token(key, DateTime.UtcNow.AddMinutes(5), Guid.NewGuid());
        var parts = valid.Split('.');
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode("{\"iss\":\"gateway\",\"role\":\"admin\"}")}.{parts[2]}";

        foreach (var token in new[] { Token(key, DateTime.UtcNow.AddMinutes(-2)), Token(foreign, DateTime.UtcNow.AddMinutes(5)), tampered, "" })
        {
            for (var i = 0; i < 2; i++)
            {
                var (caller, failure) = await Validator.Validate(token);
                Assert.Null(caller);
                Assert.NotNull(failure);
            }
        }
    }
}
