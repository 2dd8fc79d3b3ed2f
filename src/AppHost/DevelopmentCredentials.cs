namespace Shop.AppHost;

/// <summary>The files `Shop.Silo dev-keys DIR` writes (src/Silo/Hosting/DevelopmentKeys.cs).</summary>
public static class DevelopmentCredentials
{
    public const string Ca = "ca.pem";
    public const string IdentityPrivateKey = "gateway-identity.key.pem";
    public const string IdentityPublicKey = "gateway-identity.pub.pem";

    /// <summary>The same test ./run.sh makes before it writes new ones.</summary>
    public static bool Exist(string directory) =>
        File.Exists(Path.Combine(directory, Ca)) && File.Exists(Path.Combine(directory, IdentityPrivateKey));
}
