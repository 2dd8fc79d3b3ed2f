using System.Net;
using Orleans.Configuration;
using Shop.Hosting;

namespace Shop.Gateway.Cluster;

public static class ClusterClientSetup
{
    /// <summary>
    /// The gateway's Orleans client. Silos are discovered in the membership table when
    /// ConnectionStrings:Cluster is set (durable mode), else from a static gateway list, else the local silo.
    /// </summary>
    public static WebApplicationBuilder AddShopClusterClient(this WebApplicationBuilder builder)
    {
        builder.Services.AddShopOptions<ClusterClientOptions>(ClusterClientOptions.Section);
        builder.Services.AddShopOptions<ServiceTokenSigningOptions>(ServiceTokenSigningOptions.Section);
        // Read here as well, eagerly: these values decide what the client registers (its clustering,
        // its ids), before there is a service provider to ask.
        var settings = ShopOptions.Read<ClusterClientOptions>(builder.Configuration, ClusterClientOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServiceTokenIssuer>();
        builder.Services.AddHttpContextAccessor();

        var tls = ClusterTls.Load(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            if (tls is var (certificate, ca))
            {
                client.UseTls(certificate, options => ClusterTls.Configure(options, ca));
            }

            var membership = builder.Configuration.GetConnectionString("Cluster");
            if (!string.IsNullOrWhiteSpace(membership))
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = membership;
                });
            }
            else if (settings.Gateways.Count > 0)
            {
                client.UseStaticClustering([.. settings.Gateways.Select(ParseEndpoint)]);
            }
            else
            {
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
            }

            client.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = settings.ServiceId;
                o.ClusterId = settings.ClusterId;
            });
            // A silo that died is noticed by membership within seconds, but a call already sent to
            // it waits for the response timeout: keep that short for an interactive gateway.
            client.Configure<MessagingOptions>(o => o.ResponseTimeout = settings.ResponseTimeout);
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = settings.GatewayListRefreshPeriod);

            client.Services.CacheGrainInterfaceTypes();
            client.UseConnectionRetryFilter<ConnectUntilDeadline>();
            // Zero trust: every call carries a signed identity for the silos to verify.
            client.AddOutgoingGrainCallFilter<AttachServiceIdentity>();
            // One trace from the HTTP request through the grain calls.
            client.AddActivityPropagation();
        });
        return builder;
    }

    private static IPEndPoint ParseEndpoint(string value) =>
        IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new InvalidOperationException($"{ClusterClientOptions.Section}:Gateways: '{value}' is not an ip:port endpoint.");
}
