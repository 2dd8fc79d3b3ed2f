namespace Shop.Grains.Inventory;

[GenerateSerializer, Alias("Shop.Grains.Inventory.CatalogPageState")]
public sealed class CatalogPageState
{
    /// <summary>In the order they were added (the catalog sorts them in memory), without duplicates.</summary>
    [Id(0)] public List<string> Skus { get; set; } = [];
}
