using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using Shop.Silo.Hosting;

namespace Shop.TestSupport;

/// <summary>
/// An in-process cluster configured exactly like the embedded silo (same storage names, streams and
/// grain services), with a private mail pickup folder and fast consumer retries.
/// </summary>
public sealed class ShopTestCluster : IAsyncDisposable
{
    private ShopTestCluster(InProcessTestCluster cluster, string dataDirectory)
    {
        Cluster = cluster;
        DataDirectory = dataDirectory;
    }

    public InProcessTestCluster Cluster { get; }
    public IClusterClient Client => Cluster.Client;
    public string DataDirectory { get; }
    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>
    /// The grain storage named <paramref name="name"/> (a StorageNames constant), as the silos use it:
    /// to write a state as an earlier version stored it, or to read what a grain stored. The in-memory
    /// storage keeps its states in grains, so any silo's instance sees them all.
    /// </summary>
    public IGrainStorage Storage(string name) => Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(name);

    public static async Task<ShopTestCluster> StartAsync(short silos, IDictionary<string, string?>? settings = null)
    {
        var data = Directory.CreateTempSubdirectory("shop-tests-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Shop:Email:PickupDirectory"] = Path.Combine(data, "mail"),
            ["Shop:Catalog:SeedDemo"] = "false",
            ["Shop:Events:MaxAttempts"] = "3",
            ["Shop:Events:FirstRetryDelay"] = "00:00:00.020",
            ["Shop:Orders:ReconcilePeriod"] = "00:00:01",
            ["Shop:Orders:SweepAfter"] = "00:00:00.200",
            // A silo leaving a test cluster is a test's own doing; the watch after a sweep is tested on its own.
            ["Shop:Orders:SweepWatch"] = "00:00:01",
            ["Shop:Orders:RepublishPendingAfter"] = "00:00:01",
            // The durable mode's reconciliation (reminder and sweep), as the grain tests check it.
            ["Shop:Orders:DurableReconciliation"] = "true",
            ["Shop:Orders:SweepSettled"] = "true",
            // Grain behaviour tests call grains directly, as no production caller may (Reserve, say);
            // the authorization policy is tested by the security tests against real silos.
            ["Shop:Authorization:Enabled"] = "false",
            // Its silos talk over an in-memory transport; TLS is tested between real silos.
            ["Shop:Tls:Enabled"] = "false",
        };
        foreach (var (key, value) in LiftedOrderLimits.Settings.Concat(settings ?? new Dictionary<string, string?>()))
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) => silo
            .AddShopInMemoryInfrastructure()
            .AddShopGrains(configuration)
            .CollectIdleActivationsAsConfigured(configuration)
            // A membership change reaches every silo within a second (Orleans' 60 s would hold a
            // re-sweep after a silo joins or leaves that long; see SweepWatch).
            .Configure<ClusterMembershipOptions>(o => o.TableRefreshTimeout = TimeSpan.FromSeconds(1))
            .AddIncomingGrainCallFilter<FaultInjection>());
        builder.ConfigureClient(client => client.AddMemoryStreams(ShopStreams.Provider));

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ShopTestCluster(cluster, data);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A silo may still be closing a file; the folder is under the temp directory.
        }
    }
}
