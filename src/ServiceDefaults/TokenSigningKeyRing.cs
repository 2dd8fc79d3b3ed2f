using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Hosting;

/// <summary>
/// The gateways' user-token signing keys (ECDSA P-256, ES256), as one JSON file every gateway reads
/// (<c>Shop:Auth:SigningKeyRingFile</c>, mounted from a secret). Written by <c>Shop.Silo signing-keys rotate FILE</c>:
/// a rotation adds a new key that signs from <see cref="Key.ActiveFrom"/> on and gives the previous
/// signer an <see cref="Key.AcceptUntil"/>, so tokens it signed stay valid through the rotation window.
/// Published (JWKS) and accepted: every key whose AcceptUntil has not passed, including a key not yet
/// signing (verifiers learn it before the first token it signs).
/// </summary>
public sealed class TokenSigningKeyRing
{
    [JsonPropertyName("keys")]
    public List<Key> Keys { get; set; } = [];

    public sealed class Key
    {
        [JsonPropertyName("kid")]
        public string KeyId { get; set; } = "";

        [JsonPropertyName("createdAt")]
        public DateTimeOffset CreatedAt { get; set; }

        /// <summary>From when it signs new tokens (a gateway signs with the latest key whose time has come).</summary>
        [JsonPropertyName("activeFrom")]
        public DateTimeOffset ActiveFrom { get; set; }

        /// <summary>Null while it is the signer; set by the rotation that replaces it.</summary>
        [JsonPropertyName("acceptUntil")]
        public DateTimeOffset? AcceptUntil { get; set; }

        /// <summary>PKCS#8 PEM: the file is a secret.</summary>
        [JsonPropertyName("privateKeyPem")]
        public string PrivateKeyPem { get; set; } = "";

        public bool IsAccepted(DateTimeOffset now) => AcceptUntil is not { } until || now < until;
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The keys still accepted at <paramref name="now"/>.</summary>
    public IEnumerable<Key> Accepted(DateTimeOffset now) => Keys.Where(k => k.IsAccepted(now));

    /// <summary>The key that signs at <paramref name="now"/>: the accepted key activated last, or null when none is active yet.</summary>
    public Key? Signer(DateTimeOffset now) =>
        Accepted(now).Where(k => k.ActiveFrom <= now).OrderByDescending(k => k.ActiveFrom).ThenByDescending(k => k.CreatedAt).FirstOrDefault();

    /// <summary>
    /// Adds a fresh P-256 key that signs from <paramref name="now"/> + <paramref name="activateIn"/> (at once in an empty ring);
    /// every key still without an end is accepted until the new key is active plus <paramref name="window"/>;
    /// keys past their end are dropped. Answers the new key.
    /// </summary>
    public Key Rotate(DateTimeOffset now, TimeSpan window, TimeSpan activateIn)
    {
        if (window < TimeSpan.Zero || activateIn < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "The rotation window and the activation delay cannot be negative.");
        }

        Keys.RemoveAll(k => !k.IsAccepted(now));
        // The first key of a ring signs at once: there is no previous key for verifiers to fall back on.
        var activeFrom = Keys.Count == 0 ? now : now + activateIn;
        foreach (var previous in Keys.Where(k => k.AcceptUntil is null))
        {
            previous.AcceptUntil = activeFrom + window;
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = new Key
        {
            KeyId = $"{now:yyyyMMddTHHmmssZ}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
            CreatedAt = now,
            ActiveFrom = activeFrom,
            PrivateKeyPem = ecdsa.ExportPkcs8PrivateKeyPem(),
        };
        Keys.Add(key);
        return key;
    }

    public static TokenSigningKeyRing Parse(string json) =>
        JsonSerializer.Deserialize<TokenSigningKeyRing>(json, Json) ?? throw new InvalidOperationException("The signing key ring is empty.");

    public static TokenSigningKeyRing Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Reads <paramref name="path"/> (a missing file is an empty ring), rotates, and writes it back readable by its owner only.</summary>
    public static Key RotateFile(string path, DateTimeOffset now, TimeSpan window, TimeSpan activateIn)
    {
        var ring = File.Exists(path) ? Load(path) : new TokenSigningKeyRing();
        var key = ring.Rotate(now, window, activateIn);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // Written beside and moved over: a gateway reading the file never sees half of it.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(ring, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
        return key;
    }
}
