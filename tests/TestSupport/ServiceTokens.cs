using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.Security;

namespace Shop.TestSupport;

/// <summary>Service tokens as the gateway signs them, or as an attacker would forge them.</summary>
public static class ServiceTokens
{
    // One instance for the whole run, never disposed: the token library caches signing providers per
    // key, and a disposed key behind that cache breaks the next signature.
    public static ECDsa GatewayKey { get; } = LoadGatewayKey();

    public static string Create(ECDsa key, Guid? user = null, DateTime? expires = null, string service = ServiceIdentity.GatewayService,
        string audience = ServiceIdentity.Audience, params string[] roles)
    {
        var claims = new List<Claim>();
        if (user is { } id)
        {
            claims.Add(new Claim("sub", id.ToString()));
        }

        claims.AddRange(roles.Select(r => new Claim("role", r)));
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(5);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = service,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expiry.AddMinutes(-10),
            NotBefore = expiry.AddMinutes(-10),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "gateway" }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static ECDsa LoadGatewayKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(TestKeys.PrivateKeyPem);
        return key;
    }
}
