using Shop.Silo.Hosting;

namespace Shop.TestSupport;

/// <summary>
/// The test run's credentials, made fresh per test process by the same code as <c>Shop.Silo dev-keys</c>
/// (never stored in the repository): a CA with silo and gateway certificates for mutual TLS, and the
/// gateway's service identity key pair. Silos trust the CA and the public key; gateways sign with the
/// private key.
/// </summary>
public static class TestKeys
{
    public static string Directory { get; } = Create();

    /// <summary>A user-token signing key ring (one ES256 key), made by the code of <c>Shop.Silo signing-keys rotate</c>.</summary>
    public static string SigningKeyRingFile { get; } = CreateKeyRing();

    public static string PrivateKeyPem => File.ReadAllText(Path.Combine(Directory, DevelopmentKeys.PrivateKeyFile));

    public static string PublicKeyPem => File.ReadAllText(Path.Combine(Directory, DevelopmentKeys.PublicKeyFile));

    /// <summary>Silo settings: its certificate, the CA, and the gateway's public key.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> SiloSettings() =>
        Tls("silo").Append(new("Shop:Authorization:TrustedKeys:gateway:PublicKeyFile", Path.Combine(Directory, DevelopmentKeys.PublicKeyFile)));

    /// <summary>Gateway settings: its certificate, the CA, and the service identity private key.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> GatewaySettings() => Tls("gateway").Append(SigningKey());

    /// <summary>The service identity private key alone (for settings shared by silos and a gateway).</summary>
    public static KeyValuePair<string, string?> SigningKey() =>
        new("Shop:ServiceIdentity:PrivateKeyFile", Path.Combine(Directory, DevelopmentKeys.PrivateKeyFile));

    /// <summary>A second, unrelated set of credentials (another CA, another identity key).</summary>
    public static string CreateForeign() => Create();

    public static IEnumerable<KeyValuePair<string, string?>> Tls(string name, string? directory = null)
    {
        var from = directory ?? Directory;
        return
        [
            new("Shop:Tls:CertificateFile", Path.Combine(from, DevelopmentKeys.CertificateFile(name))),
            new("Shop:Tls:KeyFile", Path.Combine(from, DevelopmentKeys.KeyFile(name))),
            new("Shop:Tls:CaFile", Path.Combine(from, DevelopmentKeys.CaFile)),
        ];
    }

    private static string CreateKeyRing()
    {
        var file = Path.Combine(Directory, "signing-keys.json");
        Shop.Hosting.TokenSigningKeyRing.RotateFile(file, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), TimeSpan.Zero);
        return file;
    }

    private static string Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("shop-test-keys-").FullName;
        DevelopmentKeys.Write(directory);
        return directory;
    }
}
