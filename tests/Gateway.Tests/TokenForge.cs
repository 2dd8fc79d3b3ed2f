using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.Hosting;

namespace Shop.Gateway.Tests;

/// <summary>Builds the bad tokens an attacker would try, and reads the gateway's signing keys for the good ones.</summary>
public static class TokenForge
{
    /// <summary>An ES256 token. Without <paramref name="sessionId"/> it names a session that was never opened.</summary>
    public static string Create(SecurityKey key, Guid userId, DateTime? expires = null, string issuer = "orleans-shop",
        string audience = "orleans-shop-api", string? role = null, Guid? sessionId = null)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new("sub", userId.ToString()), new("sid", (sessionId ?? Guid.NewGuid()).ToString("N")) };
        if (role is not null)
        {
            claims.Add(new Claim("role", role));
        }

        var expiry = expires ?? now.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expiry.AddMinutes(-20),
            NotBefore = expiry.AddMinutes(-20),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>An unsigned token ("alg": "none") claiming the admin role.</summary>
    public static string Unsigned(Guid userId)
    {
        static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        return $"{B64("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{B64($"{{\"sub\":\"{userId}\",\"role\":\"admin\",\"iss\":\"orleans-shop\",\"aud\":\"orleans-shop-api\",\"exp\":{exp}}}")}.";
    }

    /// <summary>A valid token with one character of its payload changed (promoting the user to admin).</summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]));
        var promoted = payload.TrimEnd('}') + ",\"role\":\"admin\"}";
        return $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(promoted))}.{parts[2]}";
    }

    /// <summary>Another P-256 key under the same key id as <paramref name="impersonated"/>: a forger who read the JWKS.</summary>
    public static SecurityKey OtherKey(SecurityKey impersonated) =>
        new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = impersonated.KeyId };

    /// <summary>The key of <paramref name="ringFile"/> that signs now, with its kid.</summary>
    public static ECDsaSecurityKey SigningKeyOf(string ringFile)
    {
        var ring = TokenSigningKeyRing.Load(ringFile);
        var key = ring.Signer(DateTimeOffset.UtcNow) ?? throw new InvalidOperationException("The ring has no signing key.");
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.PrivateKeyPem);
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
    }

    /// <summary>A new key ring file (one key, signing at once) in a folder of its own.</summary>
    public static string NewKeyRing()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("shop-signing-keys-").FullName, "signing-keys.json");
        TokenSigningKeyRing.RotateFile(file, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), TimeSpan.Zero);
        return file;
    }

    /// <summary>The claims of a token, unverified (what a client could read).</summary>
    public static JsonWebToken Read(string token) => new(token);
}
