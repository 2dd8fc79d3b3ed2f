using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Shop.Silo.Hosting;

namespace Shop.Integration.Tests.Durability;

/// <summary>An Orleans client of the test's own: asks the cluster which silos are active, or calls grains as a remote caller.</summary>
public sealed class ClusterObserver : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterObserver(IHost host) => _host = host;

    public static async Task<ClusterObserver> ConnectAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(settings);
        var tls = Shop.Hosting.ClusterTls.Load(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            if (tls is var (certificate, ca))
            {
                client.UseTls(certificate, options => Shop.Hosting.ClusterTls.Configure(options, ca));
            }

            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresInfrastructure.Invariant;
                o.ConnectionString = settings[$"ConnectionStrings:{ShopDatabases.ClusterName}"];
            });
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings["Shop:Cluster:ClusterId"]!;
                o.ServiceId = settings["Shop:Cluster:ServiceId"]!;
            });
        });
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterObserver(host);
    }

    /// <summary>A remote caller: what it receives went through Orleans' serializer, as the gateway's answers do.</summary>
    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public async Task<int> ActiveSilos()
    {
        try
        {
            return (await Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5))).Count;
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            return -1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
