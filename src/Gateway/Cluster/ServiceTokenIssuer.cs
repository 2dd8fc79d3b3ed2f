using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.Security;

namespace Shop.Gateway.Cluster;

/// <summary>
/// Signs the short-lived service tokens (ES256) that name this gateway and, when it acts for a user,
/// that user and their roles. Tokens are reused until a minute before they expire, so signing is not
/// on every call's path.
/// </summary>
public sealed class ServiceTokenIssuer
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials;
    private readonly ServiceTokenSigningOptions _settings;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Renew)> _issued = new();

    public ServiceTokenIssuer(IOptions<ServiceTokenSigningOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        _settings = settings;
        _clock = clock;
        var pem = settings.PrivateKeyPem ?? (settings.PrivateKeyFile is { } file ? File.ReadAllText(file) : null)
            ?? throw new InvalidOperationException(
                $"{ServiceTokenSigningOptions.Section}:PrivateKeyPem or :PrivateKeyFile is required: the cluster refuses calls without a signed service token.");
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        if (key.KeySize != 256)
        {
            throw new InvalidOperationException($"{ServiceTokenSigningOptions.Section}: the key must be ECDSA P-256.");
        }

        _credentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = settings.KeyId }, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>A token for a call made for <paramref name="userId"/> (or for no user).</summary>
    public string TokenFor(Guid? userId, IReadOnlyCollection<string> roles)
    {
        var cacheKey = userId is null ? "" : $"{userId}|{string.Join(',', roles.Order(StringComparer.Ordinal))}";
        var now = _clock.GetUtcNow();
        if (_issued.TryGetValue(cacheKey, out var cached) && cached.Renew > now)
        {
            return cached.Token;
        }

        var claims = new List<Claim>();
        if (userId is { } id)
        {
            claims.Add(new Claim(JwtRegisteredClaimNames.Sub, id.ToString()));
            claims.AddRange(roles.Select(r => new Claim("role", r)));
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _settings.ServiceName,
            Audience = ServiceIdentity.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + _settings.TokenLifetime).UtcDateTime,
            SigningCredentials = _credentials,
        });
        _issued[cacheKey] = (token, now + _settings.TokenLifetime - RenewBefore);
        return token;
    }
}
