
namespace Shop.Gateway.Tests;

/// <summary>
/// A gateway started while the cluster fails (a database blip, a silo dying) comes up once the
/// failure passes instead of crashing: the chaos run restarted the gateway right after a
/// PostgreSQL outage and the administrator bootstrap's first failed call ended the process.
/// </summary>
[Collection(GatewayFaultsCollection.Name)]
public sealed class StartupResilienceTests(FaultInjectingGatewayFixture fixture)
{
    [Fact]
    public async Task A_gateway_started_while_the_cluster_fails_bootstraps_the_administrator_once_it_answers()
    {
        var email = $"admin-{Guid.NewGuid():N}@test.local";
        var settings = fixture.ClusterSettings();
        settings["Shop:Admin:Email"] = email;
        // The first three attempts to ensure this administrator fail in the silo, as a storage outage would.
        using var outage = FaultInjection.Fail("IUserDirectoryGrain", "EnsureAccount", targetKey: email, times: 3);
        await using var gateway = new GatewayFactory(settings);

        var client = gateway.CreateClient();

        await Api.LogIn(client, email, TestAdmin.Password);
        var stats = await client.GetAsync("/api/stats");
        Assert.Equal(System.Net.HttpStatusCode.OK, stats.StatusCode);
    }
}
