using System.Security.Cryptography;

namespace Shop.Tests.Shared;

/// <summary>
/// The test run's service identity key pair (made fresh per test process, never stored): silos trust
/// the public half, test gateways sign with the private half.
/// </summary>
public static class TestKeys
{
    private static readonly ECDsa Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static string PrivateKeyPem { get; } = Key.ExportPkcs8PrivateKeyPem();
    public static string PublicKeyPem { get; } = Key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Silo settings: trust the test gateway's key.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> SiloSettings() =>
        [new("Shop:Authorization:TrustedKeys:gateway:PublicKeyPem", PublicKeyPem)];

    /// <summary>Gateway settings: sign with the test key.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> GatewaySettings() =>
        [new("Shop:ServiceIdentity:PrivateKeyPem", PrivateKeyPem)];
}
