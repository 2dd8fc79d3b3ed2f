using System.Security.Cryptography;

namespace Shop.Silo.Hosting;

/// <summary>
/// A throwaway ECDSA P-256 key pair for the gateway's service tokens, for local runs only
/// (<c>./run.sh</c> writes it under the git-ignored .dev-certs folder). Production keys come from secrets.
/// </summary>
public static class DevelopmentKeys
{
    public const string PrivateKeyFile = "gateway-identity.key.pem";
    public const string PublicKeyFile = "gateway-identity.pub.pem";

    public static void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privatePath = Path.Combine(directory, PrivateKeyFile);
        File.WriteAllText(privatePath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.WriteAllText(Path.Combine(directory, PublicKeyFile), key.ExportSubjectPublicKeyInfoPem());
    }
}
