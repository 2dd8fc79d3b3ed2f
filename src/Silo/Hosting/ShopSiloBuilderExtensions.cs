using Shop.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Shop.Grains;
using Shop.Grains.Hosting;
using Shop.Grains.Inventory;
using Shop.Inventory;
using Shop.Grains.Orders;

namespace Shop.Silo.Hosting;

/// <summary>
/// Everything a silo needs to host the shop except clustering: used by the silo process and by the
/// test clusters, so tests run the grains exactly as configured in production.
/// </summary>
public static class ShopSiloBuilderExtensions
{
    /// <summary>
    /// The embedded default: in-memory storage per service and in-memory reminders.
    /// Nothing survives a restart of the silo.
    /// </summary>
    public static ISiloBuilder AddShopInMemoryInfrastructure(this ISiloBuilder silo)
    {
        foreach (var name in StorageNames.All)
        {
            // Orleans' binary serializer, as in durable mode (GrainStateSerialization says why).
            silo.AddMemoryGrainStorage(name, options => options.Configure<IServiceProvider>((o, services) =>
                o.GrainStorageSerializer = GrainStateSerialization.Create(services)));
            silo.Services.MakeStorageFailureAware(name);
        }

        silo.UseInMemoryReminderService();
        // One silo in memory: a dying silo loses every order and event anyway, so orders reconcile
        // with a grain timer instead of a reminder and skip the settled sweep (set before the
        // configuration is bound, so Shop:Orders:* still wins).
        silo.Services.Configure<OrderOptions>(o =>
        {
            o.DurableReconciliation = false;
            o.SweepSettled = false;
        });
        return silo;
    }

    /// <summary>The grains' services and order event streams, plus the demo catalog when "Shop:Catalog:SeedDemo" is true (the default).</summary>
    public static ISiloBuilder AddShopGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddShopGrainServices(configuration);
        silo.Services.CacheGrainInterfaceTypes();
        // Bound to the configuration handed in (the tests' silos get theirs this way, not from the host),
        // and checked when the silo starts: a bad page size stops it there, not at the first product.
        silo.Services.AddShopOptions<CatalogOptions>(configuration, CatalogOptions.Section);
        silo.AddShopOrderEventStreams(configuration);
        // Orders hold a reconciliation reminder; let its configured period be shorter than
        // Orleans' one-minute floor (tests and demos use seconds).
        silo.Services.AddOptions<ReminderOptions>().Configure<IOptions<OrderOptions>>((reminders, orders) =>
            reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, orders.Value.ReconcilePeriod.Ticks)));
        // Shop:Catalog:SeedDemo (CatalogOptions): no activation at all where seeding is off; the
        // demo grain checks the same option, whoever calls it.
        silo.AddStartupTask(static async (services, cancellationToken) =>
        {
            if (services.GetRequiredService<IOptions<CatalogOptions>>().Value.SeedDemo)
            {
                var demo = services.GetRequiredService<IGrainFactory>().GetGrain<IDemoCatalogGrain>(IDemoCatalogGrain.Key);
                await RetriedStartupStep.Run(demo.Seed, "Seeding the demo catalog", services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Silo.Startup"),
                    retryFor: TimeSpan.FromMinutes(2), firstDelay: TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        });

        // Outermost: whatever the call did, a database error reaches the caller in a type it can receive.
        silo.AddIncomingGrainCallFilter<StorageFailureTranslation>();
        silo.AddShopAuthorization(configuration);
        return silo;
    }
}
