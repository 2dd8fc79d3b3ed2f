using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Auth;

/// <summary>
/// The JWT handler of the gateway's own access tokens, remembering each token it found valid for a
/// short while. An ES256 signature check costs about 0.2 ms of CPU, as much as the rest of an
/// authenticated read, and a client sends the same token with every request for its five minutes; the
/// silos remember validated service tokens the same way. What is remembered is the validation of
/// the signature, issuer, audience and lifetime only: the session check (<see cref="SessionCheck"/>)
/// still runs on every request, so logout and revocation work as before. An entry lives at most
/// <see cref="MaxRemembered"/> and never past the token's own expiry, and is used only while the
/// ring still accepts the token's key (<paramref name="isKeyAccepted"/>), so a rotation's window ends
/// for remembered tokens when it ends for the others. Only valid results are kept: a forger's tokens are
/// checked in full every time.
/// </summary>
public sealed class RememberingTokenHandler(TimeProvider clock, Func<string, bool> isKeyAccepted) : JsonWebTokenHandler
{
    public static readonly TimeSpan MaxRemembered = TimeSpan.FromSeconds(60);
    private const int MaxEntries = 50_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var key = Key(token);
        if (_valid.TryGetValue(key, out Remembered? known) && known!.Until > clock.GetUtcNow() && isKeyAccepted(known.Token.Kid))
        {
            // A fresh identity per request: the pipeline after us may add to it.
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.Identity.Clone(),
                SecurityToken = known.Token,
                Issuer = known.Issuer,
                TokenType = known.TokenType,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, ClaimsIdentity: { } identity, SecurityToken: JsonWebToken jwt })
        {
            var validTo = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
            var until = Min(validTo, clock.GetUtcNow() + MaxRemembered);
            if (until <= clock.GetUtcNow())
            {
                // Past its expiry, accepted within the clock skew only: nothing to remember.
                return result;
            }

            // Checked against the clock of the rest of the validation; the cache's own expiry only evicts.
            _valid.Set(key, new Remembered(identity.Clone(), jwt, result.Issuer, result.TokenType, until),
                new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = until - clock.GetUtcNow() + TimeSpan.FromSeconds(1) });
        }

        return result;
    }

    private static string Key(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Remembered(System.Security.Claims.ClaimsIdentity Identity, JsonWebToken Token, string? Issuer, string? TokenType, DateTimeOffset Until);
}
