using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shop.Security;

namespace Shop.Grains.Security;

/// <summary>
/// Verifies service tokens: ES256 signature by a trusted public key, expiry, audience. A token flows
/// with every call a request causes (one placement is a dozen grain calls), so verified tokens are
/// remembered until they expire instead of being verified again on each call.
/// </summary>
public sealed class ServiceTokenValidator
{
    private const int MaxRemembered = 10_000;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (VerifiedCaller Caller, DateTime ValidTo)> _verified = new(StringComparer.Ordinal);

    public ServiceTokenValidator(IEnumerable<(string KeyId, string PublicKeyPem)> trustedKeys)
    {
        var keys = trustedKeys.Select(k =>
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(k.PublicKeyPem);
            if (ecdsa.KeySize != 256)
            {
                throw new InvalidOperationException($"Trusted key '{k.KeyId}' is not a P-256 key.");
            }

            return (SecurityKey)new ECDsaSecurityKey(ecdsa) { KeyId = k.KeyId };
        }).ToArray();

        _parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAudience = ServiceIdentity.Audience,
            ValidateIssuer = false, // the issuer names the calling service; the policy decides what it may do
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>The verified caller, or null (with the reason) for a missing, forged, expired or foreign token.</summary>
    public async Task<(VerifiedCaller? Caller, string? Failure)> Validate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, "no service token");
        }

        if (_verified.TryGetValue(token, out var known) && DateTime.UtcNow < known.ValidTo)
        {
            return (known.Caller, null);
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || string.IsNullOrEmpty(jwt.Issuer))
        {
            return (null, $"invalid service token ({result.Exception?.GetType().Name ?? "no issuer"})");
        }

        Guid? user = Guid.TryParse(jwt.Subject, out var id) ? id : null;
        var roles = jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value).ToArray();
        var caller = new VerifiedCaller(CallerKinds.ServicePrefix + jwt.Issuer, user, roles);
        if (_verified.Count >= MaxRemembered)
        {
            _verified.Clear(); // crude but bounded; live tokens are simply verified once more
        }

        // Remembered only until the token's own expiry, without the validation's clock skew.
        _verified[token] = (caller, jwt.ValidTo);
        return (caller, null);
    }
}
