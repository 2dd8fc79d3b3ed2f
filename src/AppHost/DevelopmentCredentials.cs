namespace Shop.AppHost;

/// <summary>
/// The files `Shop.Silo dev-keys DIR` writes (src/Silo/Hosting/DevelopmentKeys.cs), named again
/// because the AppHost knows the silo only as a project to start. A name that went wrong fails the
/// AppHost tests: the silos and the gateway they start would find no certificate.
/// </summary>
public static class DevelopmentCredentials
{
    public const string Ca = "ca.pem";
    public const string IdentityPrivateKey = "gateway-identity.key.pem";
    public const string IdentityPublicKey = "gateway-identity.pub.pem";

    /// <summary>The certificate and key of <paramref name="member"/> ("silo" or "gateway").</summary>
    public static string CertificateFile(string member) => $"{member}.pem";
    public static string KeyFile(string member) => $"{member}.key.pem";

    /// <summary>The same test ./run.sh makes before it writes new ones.</summary>
    public static bool Exist(string directory) =>
        File.Exists(Path.Combine(directory, Ca)) && File.Exists(Path.Combine(directory, IdentityPrivateKey));
}
