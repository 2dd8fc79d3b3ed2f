using Microsoft.Extensions.Configuration;
using Shop.Grains;
using Shop.Integration.Tests.Postgres;
using Shop.Silo.Database;
using Shop.Silo.Hosting;

namespace Shop.Integration.Tests.Durability;

/// <summary>
/// A fresh set of shop databases on the test server (one per service plus the cluster database, as in
/// production), migrated by the real <c>migrate</c> command. <see cref="Settings"/> configure a silo
/// or gateway for durable mode on them.
/// </summary>
public sealed class DurableDatabases
{
    private DurableDatabases(Dictionary<string, string?> settings) => Settings = settings;

    public Dictionary<string, string?> Settings { get; }

    public string Cluster => Settings[$"ConnectionStrings:{ShopDatabases.ClusterName}"]!;

    public static async Task<DurableDatabases> CreateAsync(PostgresFixture postgres)
    {
        postgres.RequirePostgres();
        var prefix = $"t{Guid.NewGuid():N}"[..9];
        // Silos and test gateways share these settings: one certificate from the test CA serves both.
        var settings = new Dictionary<string, string?>(TestKeys.SiloSettings().Append(TestKeys.SigningKey()).Concat(LiftedOrderLimits.Settings))
        {
            ["Shop:Persistence"] = nameof(ShopPersistence.Postgres),
        };
        foreach (var name in StorageNames.All.Select(ShopDatabases.ConnectionStringName).Append(ShopDatabases.ClusterName))
        {
            // Databases are created by the migrate command itself (CreateDatabaseIfMissing).
            settings[$"ConnectionStrings:{name}"] = postgres.Server.ConnectionString($"{prefix}_{name.ToLowerInvariant()}");
        }

        var exit = await SchemaCommand.RunAsync(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.Equal(0, exit);
        return new DurableDatabases(settings);
    }

    /// <summary>
    /// Failure detection in seconds instead of the production default (~15 s), for tests that kill
    /// silos: probes time out after 1 s, two misses and one vote declare a silo dead, and restarted
    /// silos ignore entries stale for 2 x the I-am-alive period.
    /// </summary>
    public static readonly (string Key, string? Value)[] FastFailureDetection =
    [
        ("Shop:Membership:ProbeTimeout", "00:00:01"),
        ("Shop:Membership:NumMissedProbesLimit", "2"),
        ("Shop:Membership:NumVotesForDeathDeclaration", "1"),
        ("Shop:Membership:TableRefreshTimeout", "00:00:02"),
        ("Shop:Membership:IAmAliveTablePublishTimeout", "00:00:03"),
        ("Shop:Cluster:ResponseTimeout", "00:00:03"),
    ];

    /// <summary>These settings plus more.</summary>
    public Dictionary<string, string?> With(params (string Key, string? Value)[] more)
    {
        var copy = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in more)
        {
            copy[key] = value;
        }

        return copy;
    }
}
