using System.ComponentModel.DataAnnotations;

namespace Shop.Grains.Inventory;

/// <summary>Configuration section "Shop:Catalog".</summary>
public sealed class CatalogOptions
{
    public const string Section = "Shop:Catalog";

    /// <summary>
    /// Skus per stored page of the catalog index: what one new product's index write costs (at most
    /// 64 characters a sku). Changing it is safe: it only decides when the catalog starts a new page;
    /// pages already stored stay as they are.
    /// </summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Whether the silo seeds the demo catalog (12 products) at start-up, where missing.</summary>
    public bool SeedDemo { get; set; } = true;
}
