using System.Net;
using Orleans.Configuration;

namespace Shop.Gateway.Cluster;

public static class ClusterClientSetup
{
    /// <summary>The gateway's Orleans client: static gateway list when configured, else the local silo.</summary>
    public static WebApplicationBuilder AddShopClusterClient(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ClusterClientSettings.Section).Get<ClusterClientSettings>()
            ?? new ClusterClientSettings();
        builder.Services.AddSingleton(settings);

        builder.UseOrleansClient(client =>
        {
            if (settings.Gateways.Count > 0)
            {
                client.UseStaticClustering([.. settings.Gateways.Select(ParseEndpoint)]);
                client.Configure<ClusterOptions>(o =>
                {
                    o.ServiceId = settings.ServiceId;
                    o.ClusterId = settings.ClusterId;
                });
            }
            else
            {
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            }

            client.UseConnectionRetryFilter<ConnectUntilDeadline>();
        });
        return builder;
    }

    private static IPEndPoint ParseEndpoint(string value) =>
        IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new InvalidOperationException($"{ClusterClientSettings.Section}:Gateways: '{value}' is not an ip:port endpoint.");
}
