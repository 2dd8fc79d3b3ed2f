using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Silo.Hosting;

namespace Shop.TestSupport;

/// <summary>
/// A real silo in this process, listening with real TCP sockets on 127.0.0.1 and free ports: what an
/// external client such as the gateway connects to. (InProcessTestCluster's silos talk over an
/// in-memory transport that no outside client can reach.)
/// </summary>
public sealed class ShopSiloHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ShopSiloHost(IHost host, SiloClusterOptions cluster, string dataDirectory)
    {
        _host = host;
        Cluster = cluster;
        DataDirectory = dataDirectory;
    }

    public SiloClusterOptions Cluster { get; }
    public string DataDirectory { get; }
    public string MailDirectory => Path.Combine(DataDirectory, "mail");
    public IPEndPoint GatewayEndpoint => new(IPAddress.Loopback, Cluster.GatewayPort);
    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Starts a silo composed exactly like src/Silo (<see cref="SiloComposition.AddShopSilo"/>), with
    /// free ports and a unique cluster id unless <paramref name="settings"/> say otherwise
    /// ("Shop:Persistence" = "Postgres" plus ConnectionStrings:* for durable mode).
    /// <paramref name="services"/> registers services ahead of the silo's own, which then keep them
    /// (e.g. a <see cref="TimeProvider"/> the test moves forward). With <paramref name="faultInjection"/>
    /// the silo runs <see cref="FaultInjection"/>'s call filter, whose faults are process-wide: only the
    /// silo of the tests that inject faults may run it. Off by default, because test classes run in
    /// parallel: the fuzz's silo once ran it, and a GET of an order in the fuzz hung on another class's
    /// "IOrderGrain.Get hangs 4 s" and answered 503 (a CI failure).
    /// </summary>
    public static async Task<ShopSiloHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool faultInjection = false)
    {
        var data = Directory.CreateTempSubdirectory("shop-silo-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shop:Cluster:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Shop:Cluster:ServiceId"] = "orleans-shop-tests",
            ["Shop:Cluster:SiloPort"] = FreePort.Next().ToString(),
            ["Shop:Cluster:GatewayPort"] = FreePort.Next().ToString(),
            ["Shop:Email:PickupDirectory"] = Path.Combine(data, "mail"),
            ["Shop:Events:MaxAttempts"] = "3",
            ["Shop:Events:FirstRetryDelay"] = "00:00:00.020",
            ["Shop:Orders:ReconcilePeriod"] = "00:00:02",
            ["Shop:Orders:RepublishPendingAfter"] = "00:00:02",
        });
        builder.Configuration.AddInMemoryCollection(TestKeys.SiloSettings());
        builder.Configuration.AddInMemoryCollection(LiftedOrderLimits.Settings);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var cluster = SiloClusterOptions.From(builder.Configuration);
        services?.Invoke(builder.Services);
        builder.UseOrleans(silo =>
        {
            silo.AddShopSilo(builder.Configuration, cluster, SiloComposition.Persistence(builder.Configuration));
            if (faultInjection)
            {
                silo.AddIncomingGrainCallFilter<FaultInjection>();
            }
        });

        var host = builder.Build();
        await host.StartAsync();
        return new ShopSiloHost(host, cluster, data);
    }

    /// <summary>Stops the silo (it leaves the cluster) but keeps its services readable.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temp directory.
        }
    }
}
