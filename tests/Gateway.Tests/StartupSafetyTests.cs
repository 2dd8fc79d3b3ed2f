namespace Shop.Gateway.Tests;

/// <summary>Outside Development the gateway refuses to run on missing or public development secrets.</summary>
[Collection(GatewayCollection.Name)]
public sealed class StartupSafetyTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Production_refuses_to_start_without_a_signing_key_ring()
    {
        var settings = fixture.ClusterSettings();
        settings.Remove("Shop:Auth:SigningKeyRingFile");
        await using var gateway = new GatewayFactory(settings, environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("SigningKeyRingFile is required outside Development", error.ToString());
    }

    [Fact]
    public async Task Production_refuses_the_development_admin_password()
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:Admin:Password"] = "dev-only-admin-password";
        await using var gateway = new GatewayFactory(settings, environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("public development default", error.ToString());
    }

    [Fact]
    public async Task A_signing_key_that_is_not_ecdsa_p256_is_refused()
    {
        var ring = TokenForge.NewKeyRing();
        var stored = Shop.Hosting.TokenSigningKeyRing.Load(ring);
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        stored.Keys[0].PrivateKeyPem = p384.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(ring, System.Text.Json.JsonSerializer.Serialize(stored));
        var settings = fixture.ClusterSettings();
        settings["Shop:Auth:SigningKeyRingFile"] = ring;
        await using var gateway = new GatewayFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("is not an ECDSA P-256 key", error.ToString());
    }

    [Fact]
    public async Task A_silo_refuses_to_start_without_trusted_service_keys()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Shop.TestSupport.ShopSiloHost.StartAsync(
            new Dictionary<string, string?> { ["Shop:Authorization:TrustedKeys:gateway:PublicKeyPem"] = "" }));

        Assert.Contains("TrustedKeys must name at least one public key", error.ToString());
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_without_its_service_identity_key()
    {
        var settings = fixture.ClusterSettings();
        settings.Remove("Shop:ServiceIdentity:PrivateKeyFile");
        await using var gateway = new GatewayFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("PrivateKeyPem or :PrivateKeyFile is required", error.ToString());
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_without_tls_certificates_unless_tls_is_disabled()
    {
        var settings = fixture.ClusterSettings();
        settings.Remove("Shop:Tls:CertificateFile");
        await using var gateway = new GatewayFactory(settings, environment: "Production");

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("CertificateFile, KeyFile and CaFile are required", error.ToString());
    }

    [Fact]
    public async Task A_silo_refuses_to_start_without_tls_certificates_unless_tls_is_disabled()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Shop.TestSupport.ShopSiloHost.StartAsync(
            new Dictionary<string, string?> { ["Shop:Tls:CaFile"] = "" }));

        Assert.Contains("CertificateFile, KeyFile and CaFile are required", error.ToString());
    }
}
