using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Tests;

/// <summary>
/// The real gateway (its whole HTTP pipeline, in a test server) whose Orleans client connects over TCP
/// to a real silo in this process, exactly as in production.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public ShopSiloHost Silo { get; private set; } = null!;
    public GatewayFactory Gateway { get; private set; } = null!;
    /// <summary>The gateway's ES256 key ring (one key), and its signing key for forging tokens the gateway would accept.</summary>
    public string KeyRingFile { get; } = TokenForge.NewKeyRing();

    public ECDsaSecurityKey SigningKey => _signingKey ??= TokenForge.SigningKeyOf(KeyRingFile);

    private ECDsaSecurityKey? _signingKey;

    public async ValueTask InitializeAsync()
    {
        Silo = await ShopSiloHost.StartAsync();
        Gateway = new GatewayFactory(ClusterSettings());
        await Api.Anonymous(Gateway).GetAsync("/health");
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
    }

    /// <summary>Settings that point a gateway at this fixture's cluster, with this fixture's keys and admin.</summary>
    public Dictionary<string, string?> ClusterSettings() => SettingsFor(Silo, KeyRingFile);

    /// <summary>Settings that point a gateway at <paramref name="silo"/>, signing user tokens with the keys of <paramref name="keyRingFile"/>.</summary>
    public static Dictionary<string, string?> SettingsFor(ShopSiloHost silo, string keyRingFile) => new(TestKeys.GatewaySettings())
    {
        ["Shop:Cluster:Gateways:0"] = silo.GatewayEndpoint.ToString(),
        ["Shop:Cluster:ServiceId"] = silo.Cluster.ServiceId,
        ["Shop:Cluster:ClusterId"] = silo.Cluster.ClusterId,
        ["Shop:Cluster:ConnectTimeout"] = "00:00:20",
        ["Shop:Auth:SigningKeyRingFile"] = keyRingFile,
        ["Shop:Admin:Email"] = TestAdmin.Email,
        ["Shop:Admin:Password"] = TestAdmin.Password,
        // The shared gateway serves every test from one address: limits high enough not to interfere.
        // The rate limit tests use gateways of their own with small limits.
        ["Shop:RateLimits:PerCaller:TokenLimit"] = "100000",
        ["Shop:RateLimits:PerCaller:TokensPerPeriod"] = "100000",
        ["Shop:RateLimits:LoginPerIp:TokenLimit"] = "100000",
        ["Shop:RateLimits:LoginPerIp:TokensPerPeriod"] = "100000",
        ["Shop:RateLimits:RefreshPerIp:TokenLimit"] = "100000",
        ["Shop:RateLimits:RefreshPerIp:TokensPerPeriod"] = "100000",
        ["Shop:RateLimits:RegistrationPerIp:TokenLimit"] = "100000",
        ["Shop:RateLimits:RegistrationPerIp:TokensPerPeriod"] = "100000",
    };
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
