using Orleans.Configuration;
using Orleans.Storage;
using Shop.Grains;

namespace Shop.Silo.Hosting;

public static class PostgresInfrastructure
{
    /// <summary>The ADO.NET providers load the driver by this invariant name; the silo references Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Durable storage: one ADO.NET grain storage per service, each on its own connection string,
    /// written with Orleans' own serializer (version-tolerant through [Id]/[Alias], unlike the default
    /// JSON serializer whose "$type" breaks when a type is renamed). Reminders live in the cluster
    /// database. Streams stay in memory: the order outbox and idempotent consumers make up for events
    /// a dying silo loses.
    /// </summary>
    public static ISiloBuilder AddShopPostgresInfrastructure(this ISiloBuilder silo, ShopDatabases databases)
    {
        foreach (var name in StorageNames.All)
        {
            silo.AddAdoNetGrainStorage(name, options => options.Configure<IServiceProvider>((o, services) =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = databases.ForStorage(name);
                o.GrainStorageSerializer = GrainStateSerialization.Create(services);
            }));
            silo.Services.MakeStorageFailureAware(name);
        }

        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = databases.Cluster;
        });
        return silo;
    }

    /// <summary>Membership in the cluster database: several silo processes find each other there.</summary>
    public static ISiloBuilder UseShopAdoNetClustering(this ISiloBuilder silo, SiloClusterOptions cluster, ShopDatabases databases)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = databases.Cluster;
        });
        if (cluster.Kubernetes)
        {
            // Ids, silo name and address from the pod; silos also evict silos whose pods are gone.
            silo.UseKubernetesHosting();
            // Kubernetes hosting listens on EndpointOptions' ports, which are Orleans' own defaults
            // (11111/30000) unless set: the configured ports apply here as in every other mode, so the
            // manifests' container ports and network policies follow Shop:Cluster, not a hidden default.
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = cluster.SiloPort;
                o.GatewayPort = cluster.GatewayPort;
            });
            return silo;
        }

        silo.Configure<ClusterOptions>(o =>
        {
            o.ServiceId = cluster.ServiceId;
            o.ClusterId = cluster.ClusterId;
        });
        silo.ConfigureEndpoints(cluster.AdvertisedAddress(), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyAddress);
        return silo;
    }
}
