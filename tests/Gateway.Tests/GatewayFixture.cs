using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Shop.Tests.Shared;

namespace Shop.Gateway.Tests;

/// <summary>
/// The real gateway (its whole HTTP pipeline, in a test server) whose Orleans client connects over TCP
/// to a real silo in this process, exactly as in production.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "admin-test-password";

    public ShopSiloHost Silo { get; private set; } = null!;
    public GatewayFactory Gateway { get; private set; } = null!;
    public byte[] SigningKey { get; } = RandomNumberGenerator.GetBytes(32);

    public async Task InitializeAsync()
    {
        Silo = await ShopSiloHost.StartAsync();
        Gateway = new GatewayFactory(ClusterSettings());
        await Api.Anonymous(Gateway).GetAsync("/health");
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
    }

    /// <summary>Settings that point a gateway at this fixture's cluster, with this fixture's keys and admin.</summary>
    public Dictionary<string, string?> ClusterSettings() => new()
    {
        ["Shop:Cluster:Gateways:0"] = Silo.GatewayEndpoint.ToString(),
        ["Shop:Cluster:ServiceId"] = Silo.Cluster.ServiceId,
        ["Shop:Cluster:ClusterId"] = Silo.Cluster.ClusterId,
        ["Shop:Cluster:ConnectTimeout"] = "00:00:20",
        ["Shop:Auth:SigningKey"] = Convert.ToBase64String(SigningKey),
        ["Shop:Admin:Email"] = AdminEmail,
        ["Shop:Admin:Password"] = AdminPassword,
    };
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}

/// <summary>The gateway's own Program with test settings (passed as host settings, so they are seen at start-up).</summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
