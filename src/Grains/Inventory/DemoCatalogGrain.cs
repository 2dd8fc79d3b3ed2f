using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Shop.Inventory;

namespace Shop.Grains.Inventory;

/// <summary>
/// Seeds <see cref="DemoCatalog"/> from inside the cluster, so the products are defined by a grain the
/// authorization policy knows ("grain:democatalog"), and only where configuration enables it.
/// </summary>
public sealed class DemoCatalogGrain(IOptions<CatalogOptions> options, ILogger<DemoCatalogGrain> logger) : Grain, IDemoCatalogGrain
{
    public async Task<int> Seed()
    {
        if (!options.Value.SeedDemo)
        {
            return 0;
        }

        var seeded = 0;
        foreach (var (sku, product) in DemoCatalog.Products)
        {
            var grain = GrainFactory.GetGrain<IProductGrain>(sku);
            if (await grain.GetDetails() is null)
            {
                await grain.Upsert(product);
                seeded++;
            }
        }

        logger.LogInformation("Demo catalog: {Seeded} of {Total} products seeded", seeded, DemoCatalog.Products.Count);
        return seeded;
    }
}
