using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Silo.Hosting;

namespace Shop.Tests.Shared;

/// <summary>
/// A real silo in this process, listening with real TCP sockets on 127.0.0.1 and free ports: what an
/// external client such as the gateway connects to. (InProcessTestCluster's silos talk over an
/// in-memory transport that no outside client can reach.)
/// </summary>
public sealed class ShopSiloHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ShopSiloHost(IHost host, ClusterSettings cluster, string dataDirectory)
    {
        _host = host;
        Cluster = cluster;
        DataDirectory = dataDirectory;
    }

    public ClusterSettings Cluster { get; }
    public string DataDirectory { get; }
    public string MailDirectory => Path.Combine(DataDirectory, "mail");
    public IPEndPoint GatewayEndpoint => new(IPAddress.Loopback, Cluster.GatewayPort);
    public IServiceProvider Services => _host.Services;

    public static async Task<ShopSiloHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var data = Directory.CreateTempSubdirectory("shop-silo-").FullName;
        var cluster = new ClusterSettings
        {
            ClusterId = $"test-{Guid.NewGuid():N}",
            ServiceId = "orleans-shop-tests",
            SiloPort = FreePort.Next(),
            GatewayPort = FreePort.Next(),
        };

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shop:Email:PickupDirectory"] = Path.Combine(data, "mail"),
            ["Shop:Events:MaxAttempts"] = "3",
            ["Shop:Events:FirstRetryDelay"] = "00:00:00.020",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseShopLocalhostClustering(cluster)
            .AddShopInMemoryInfrastructure()
            .AddShopGrains(builder.Configuration));

        var host = builder.Build();
        await host.StartAsync();
        return new ShopSiloHost(host, cluster, data);
    }

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
