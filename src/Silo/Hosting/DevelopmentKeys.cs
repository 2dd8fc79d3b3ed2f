using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Shop.Silo.Hosting;

/// <summary>
/// Throwaway credentials for local runs and tests (<c>Shop.Silo dev-keys DIR</c>; <c>./run.sh</c> writes
/// them under the git-ignored .dev-certs folder): a CA with a silo and a gateway certificate for mutual
/// TLS, and the gateway's ECDSA P-256 service identity key pair. Production credentials come from secrets.
/// </summary>
public static class DevelopmentKeys
{
    public const string PrivateKeyFile = "gateway-identity.key.pem";
    public const string PublicKeyFile = "gateway-identity.pub.pem";
    public const string CaFile = "ca.pem";

    /// <summary>The two kinds of cluster member with a certificate of their own.</summary>
    public const string Silo = "silo";
    public const string Gateway = "gateway";

    public static string CertificateFile(string name) => $"{name}.pem";
    public static string KeyFile(string name) => $"{name}.key.pem";

    /// <summary>Every file <see cref="Write"/> creates: the names run.sh, the bench and compose use (TopologyTests checks them).</summary>
    public static IReadOnlyList<string> Files { get; } =
        [PrivateKeyFile, PublicKeyFile, CaFile, CertificateFile(Silo), KeyFile(Silo), CertificateFile(Gateway), KeyFile(Gateway)];

    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        using var identity = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        WriteSecret(Path.Combine(directory, PrivateKeyFile), identity.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, PublicKeyFile), identity.ExportSubjectPublicKeyInfoPem());

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Orleans.Shop development CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllText(Path.Combine(directory, CaFile), ca.ExportCertificatePem());

        foreach (var name in new[] { Silo, Gateway })
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN=orleans-shop-{name}", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            // Every Orleans connection is mutual: each side is server and client, so both usages.
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("orleans-shop");
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(90), RandomNumberGenerator.GetBytes(16));
            File.WriteAllText(Path.Combine(directory, CertificateFile(name)), certificate.ExportCertificatePem());
            WriteSecret(Path.Combine(directory, KeyFile(name)), key.ExportPkcs8PrivateKeyPem());
        }
    }

    private static void WriteSecret(string path, string pem)
    {
        File.WriteAllText(path, pem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
