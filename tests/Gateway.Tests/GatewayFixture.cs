using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Tests;

/// <summary>
/// The real gateway (its whole HTTP pipeline, in a test server) whose Orleans client connects over TCP
/// to a real silo in this process, exactly as in production. Its silo runs no fault injection: the
/// faults are process-wide, so the tests that inject them share a silo of their own
/// (<see cref="FaultInjectingGatewayFixture"/>), and the two collections run side by side.
/// </summary>
public class GatewayFixture : IAsyncLifetime
{
    public ShopSiloHost Silo { get; private set; } = null!;
    public GatewayFactory Gateway { get; private set; } = null!;
    /// <summary>The gateway's ES256 key ring (one key), and its signing key for forging tokens the gateway would accept.</summary>
    public string KeyRingFile { get; } = TokenForge.NewKeyRing();

    public ECDsaSecurityKey SigningKey => _signingKey ??= TokenForge.SigningKeyOf(KeyRingFile);

    private ECDsaSecurityKey? _signingKey;

    /// <summary>Whether the silo runs <see cref="FaultInjection"/>'s filter.</summary>
    protected virtual bool InjectsFaults => false;

    public async ValueTask InitializeAsync()
    {
        Silo = await ShopSiloHost.StartAsync(faultInjection: InjectsFaults);
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

/// <summary>The fixture of the tests that inject faults (<see cref="FaultInjection"/>), on a silo of their own.</summary>
public sealed class FaultInjectingGatewayFixture : GatewayFixture
{
    protected override bool InjectsFaults => true;
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}

/// <summary>
/// The tests that inject faults, one class at a time, beside <see cref="GatewayCollection"/>. Also the
/// tests that read the process-wide refusal counters as they flood a cluster port (RefusalLogTests,
/// TransportSecurityTests), so that no fault or flood of one meets the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GatewayFaultsCollection : ICollectionFixture<FaultInjectingGatewayFixture>
{
    public const string Name = "gateway-faults";
}
