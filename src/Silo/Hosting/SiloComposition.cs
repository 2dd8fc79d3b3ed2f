using Orleans.Configuration;
using Shop.Hosting;

namespace Shop.Silo.Hosting;

public static class SiloComposition
{
    /// <summary>Clustering and infrastructure for the configured persistence mode, then the grains.</summary>
    public static ISiloBuilder AddShopSilo(this ISiloBuilder silo, IConfiguration configuration, SiloClusterOptions cluster, ShopPersistence persistence)
    {
        if (persistence == ShopPersistence.Postgres)
        {
            var databases = ShopDatabases.From(configuration);
            silo.UseShopAdoNetClustering(cluster, databases).AddShopPostgresInfrastructure(databases);
            // Several silos, and silos that die: the distributed directory avoids the rare duplicate
            // activations the default directory allows while membership is unstable.
#pragma warning disable ORLEANSEXP003 // Marked experimental in Orleans 10.4; chosen deliberately (see docs/architecture.md).
            silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        }
        else
        {
            silo.UseShopLocalhostClustering(cluster).AddShopInMemoryInfrastructure();
        }

        if (ClusterTls.Load(configuration) is var (certificate, ca))
        {
            silo.UseTls(certificate, options => ClusterTls.Configure(options, ca));
        }
        else
        {
            silo.AddStartupTask((services, _) =>
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Security").LogWarning(
                    "TLS DISABLED ({Section}:Enabled=false): silo and client connections are plain TCP.", ClusterTlsOptions.Section);
                return Task.CompletedTask;
            });
        }

        // Traces continue from the caller's span into the grain (and on to the grains it calls).
        silo.AddActivityPropagation();

        // Failure detection is tunable ("Shop:Membership", ClusterMembershipOptions names).
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection("Shop:Membership"));
        silo.CollectIdleActivationsAsConfigured(configuration);
        // The directory's lookup cache ("Shop:GrainDirectory", GrainDirectoryOptions names, e.g.
        // CacheSize): it keeps an entry per grain id resolved, and every order brings new ones (RELIABILITY.md).
        silo.Services.Configure<GrainDirectoryOptions>(configuration.GetSection("Shop:GrainDirectory"));
        return silo.AddShopGrains(configuration);
    }

    /// <summary>
    /// When idle activations are collected ("Shop:Activations", GrainCollectionOptions names, e.g.
    /// CollectionAge): every order leaves a few idle activations behind until then. The test clusters
    /// read the same keys.
    /// </summary>
    public static ISiloBuilder CollectIdleActivationsAsConfigured(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.Configure<GrainCollectionOptions>(configuration.GetSection("Shop:Activations"));
        return silo;
    }

    public static ShopPersistence Persistence(IConfiguration configuration) => PersistenceOptions.From(configuration);
}
