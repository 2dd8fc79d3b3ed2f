using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Shop.Hosting;

namespace Shop.Gateway.Auth;

/// <summary>
/// The ES256 keys that sign and verify the gateway's access tokens, from the key ring file
/// (<see cref="TokenSigningKeyRing"/>), looked at again every reload interval so that a rotation is picked
/// up without a restart. Without a file, Development gets a random key (tokens then die with the
/// process) and every other environment refuses to start: no secret ships in the repository.
/// </summary>
public sealed class SigningKeys
{
    /// <summary>The id of the random key Development generates when no key ring is configured.</summary>
    public const string DevelopmentKeyIdPrefix = "development-only-";

    private readonly string? _file;
    private readonly TimeSpan _reloadInterval;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _reloading = new();
    private volatile Snapshot _current;
    /// <summary>UTC ticks of the next look at the file (a long, read without the lock: never torn).</summary>
    private long _nextLook;
    private DateTime _fileWrittenAt;

    private SigningKeys(string? file, TimeSpan reloadInterval, TimeProvider clock, ILogger logger, Snapshot initial)
    {
        _file = file;
        _reloadInterval = reloadInterval;
        _clock = clock;
        _logger = logger;
        _current = initial;
        _nextLook = (clock.GetUtcNow() + reloadInterval).UtcTicks;
    }

    public static SigningKeys Resolve(AccessTokenOptions settings, IHostEnvironment environment, TimeProvider clock, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(settings.SigningKeyRingFile))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{AccessTokenOptions.Section}:SigningKeyRingFile is required outside Development (create it with 'Shop.Silo signing-keys rotate FILE').");
            }

            logger.LogWarning("Development: no {Section}:SigningKeyRingFile configured; using a random ES256 key for this process only.", AccessTokenOptions.Section);
            var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var key = new ECDsaSecurityKey(ecdsa) { KeyId = DevelopmentKeyIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) };
            return new SigningKeys(null, settings.SigningKeyRingReloadInterval, clock, logger,
                new Snapshot([new RingKey(key, DateTimeOffset.MinValue, null)]));
        }

        var keys = new SigningKeys(settings.SigningKeyRingFile, settings.SigningKeyRingReloadInterval, clock, logger, Snapshot.Empty);
        keys._fileWrittenAt = File.GetLastWriteTimeUtc(settings.SigningKeyRingFile);
        keys._current = Read(settings.SigningKeyRingFile);
        if (keys._current.Signer(clock.GetUtcNow()) is null)
        {
            throw new InvalidOperationException($"{AccessTokenOptions.Section}:SigningKeyRingFile has no key that signs now.");
        }

        return keys;
    }

    /// <summary>The credentials new tokens are signed with.</summary>
    public SigningCredentials Signer()
    {
        var now = _clock.GetUtcNow();
        var key = Current(now).Signer(now) ?? throw new InvalidOperationException("The signing key ring has no key that signs now.");
        return new SigningCredentials(key.Key, SecurityAlgorithms.EcdsaSha256);
    }

    /// <summary>The keys tokens may be signed with now (the signer, the next one, the previous ones within their window).</summary>
    public IReadOnlyList<ECDsaSecurityKey> Accepted()
    {
        var now = _clock.GetUtcNow();
        return [.. Current(now).Keys.Where(k => k.IsAccepted(now)).Select(k => k.Key)];
    }

    /// <summary>The accepted key named <paramref name="keyId"/> (a token's "kid"), if any.</summary>
    public IEnumerable<SecurityKey> Resolve(string? keyId) =>
        keyId is null ? [] : Accepted().Where(k => string.Equals(k.KeyId, keyId, StringComparison.Ordinal));

    private Snapshot Current(DateTimeOffset now)
    {
        if (_file is null || now.UtcTicks < Volatile.Read(ref _nextLook))
        {
            return _current;
        }

        lock (_reloading)
        {
            if (now.UtcTicks < _nextLook)
            {
                return _current;
            }

            Volatile.Write(ref _nextLook, (now + _reloadInterval).UtcTicks);
            try
            {
                var written = File.GetLastWriteTimeUtc(_file);
                if (written != _fileWrittenAt)
                {
                    var next = Read(_file);
                    _current = next;
                    _fileWrittenAt = written;
                    _logger.LogInformation("Signing key ring reloaded: keys {KeyIds}.", string.Join(", ", next.Keys.Select(k => k.Key.KeyId)));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.Text.Json.JsonException or CryptographicException or ArgumentException)
            {
                // Keep signing with what was good: a half-copied or broken file must not stop sign-ins.
                _logger.LogError(ex, "The signing key ring {File} could not be read; keeping the keys loaded before.", _file);
            }
        }

        return _current;
    }

    private static Snapshot Read(string file)
    {
        var ring = TokenSigningKeyRing.Load(file);
        var keys = ring.Keys.Select(k =>
        {
            if (string.IsNullOrWhiteSpace(k.KeyId))
            {
                throw new InvalidOperationException("Every key of the signing key ring needs a kid.");
            }

            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(k.PrivateKeyPem);
            if (ecdsa.KeySize != 256)
            {
                throw new InvalidOperationException($"Signing key '{k.KeyId}' is not an ECDSA P-256 key.");
            }

            return new RingKey(new ECDsaSecurityKey(ecdsa) { KeyId = k.KeyId }, k.ActiveFrom, k.AcceptUntil);
        }).ToArray();
        return new Snapshot(keys);
    }

    private sealed record RingKey(ECDsaSecurityKey Key, DateTimeOffset ActiveFrom, DateTimeOffset? AcceptUntil)
    {
        public bool IsAccepted(DateTimeOffset now) => AcceptUntil is not { } until || now < until;
    }

    private sealed record Snapshot(IReadOnlyList<RingKey> Keys)
    {
        public static readonly Snapshot Empty = new([]);

        public RingKey? Signer(DateTimeOffset now) =>
            Keys.Where(k => k.IsAccepted(now) && k.ActiveFrom <= now).OrderByDescending(k => k.ActiveFrom).FirstOrDefault();
    }
}
