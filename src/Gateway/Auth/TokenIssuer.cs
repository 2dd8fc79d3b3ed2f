using Microsoft.Extensions.Options;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.Users;

namespace Shop.Gateway.Auth;

/// <summary>Issues the short-lived access tokens (ES256, with the signing key's "kid" and the session's "sid").</summary>
public sealed class TokenIssuer(SigningKeys keys, IOptions<AccessTokenOptions> options, TimeProvider clock)
{
    public const string SessionClaim = "sid";

    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, TimeSpan Lifetime) Issue(AuthenticatedUser user, Guid sessionId)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.UserId.ToString()),
            new(JwtRegisteredClaimNames.Email, user.Email),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            new(SessionClaim, sessionId.ToString("N")),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(AuthSetup.RoleClaim, r)));

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.AccessTokenLifetime,
            SigningCredentials = keys.Signer(),
        });
        return (token, settings.AccessTokenLifetime);
    }
}
