using System.Buffers.Text;
using System.Security.Cryptography;

namespace Shop.Gateway.Auth;

/// <summary>
/// Refresh tokens: opaque to clients, 64 random-looking bytes in base64url (86 characters): the user
/// id and the session id (16 bytes each, so a refresh reaches its user's grain in one call) and a
/// 256-bit secret from the system's CSPRNG. The cluster stores only the SHA-256 hash of the secret.
/// </summary>
public static class RefreshTokens
{
    private const int SecretBytes = 32;
    private const int TokenBytes = 16 + 16 + SecretBytes;
    public const int TokenLength = 86;

    public readonly record struct Issued(string Token, byte[] Hash);

    public readonly record struct Presented(Guid UserId, Guid SessionId, byte[] Hash);

    public static Issued Create(Guid userId, Guid sessionId)
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        userId.TryWriteBytes(bytes[..16]);
        sessionId.TryWriteBytes(bytes[16..32]);
        RandomNumberGenerator.Fill(bytes[32..]);
        return new Issued(Base64Url.EncodeToString(bytes), SHA256.HashData(bytes[32..]));
    }

    /// <summary>A fresh secret for a session whose user is not known yet (a sign-in): its hash now, the token once the user is.</summary>
    public static (byte[] Secret, byte[] Hash) NewSecret()
    {
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        return (secret, SHA256.HashData(secret));
    }

    public static string Format(Guid userId, Guid sessionId, byte[] secret)
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        userId.TryWriteBytes(bytes[..16]);
        sessionId.TryWriteBytes(bytes[16..32]);
        secret.CopyTo(bytes[32..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>False for anything that is not a token of this format (wrong length, not base64url).</summary>
    public static bool TryParse(string? token, out Presented presented)
    {
        presented = default;
        Span<byte> bytes = stackalloc byte[TokenBytes];
        if (token is not { Length: TokenLength } ||
            Base64Url.DecodeFromChars(token, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done ||
            consumed != TokenLength || written != TokenBytes)
        {
            return false;
        }

        var userId = new Guid(bytes[..16]);
        var sessionId = new Guid(bytes[16..32]);
        if (userId == Guid.Empty || sessionId == Guid.Empty)
        {
            return false;
        }

        presented = new Presented(userId, sessionId, SHA256.HashData(bytes[32..]));
        return true;
    }
}
