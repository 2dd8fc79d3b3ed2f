using System.Security.Cryptography;
using System.Text;

namespace Shop.Orders;

/// <summary>
/// Order ids, a wire rule shared by the gateway and its clients (the chaos tool predicts the ids of its
/// orders with it). With an Idempotency-Key the id is a name-based UUID of (user id, key), so every retry
/// of the same request, even concurrent ones, reaches the same order grain, and two users' keys never meet.
/// </summary>
public static class OrderIds
{
    public static Guid New() => Guid.CreateVersion7();

    public static Guid FromIdempotencyKey(Guid userId, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"order:{userId:N}:{key}"));
        var bytes = hash.AsSpan(0, 16).ToArray();
        // RFC 9562 layout: version 8 (custom, hash-based) and the RFC variant bits.
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
