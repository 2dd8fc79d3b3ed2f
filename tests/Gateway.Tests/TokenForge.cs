using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Tests;

/// <summary>Builds the bad tokens an attacker would try.</summary>
public static class TokenForge
{
    public static string Create(byte[] key, Guid userId, DateTime? expires = null, string issuer = "orleans-shop",
        string audience = "orleans-shop-api", string? role = null)
    {
        var now = DateTime.UtcNow;
        var claims = new List<Claim> { new("sub", userId.ToString()) };
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
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
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

    public static byte[] OtherKey() => RandomNumberGenerator.GetBytes(32);
}
