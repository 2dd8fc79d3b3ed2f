namespace Shop.Grains.Inventory;

[GenerateSerializer, Alias("Shop.Grains.Inventory.CatalogState")]
public sealed class CatalogState
{
    [Id(0)] public SortedSet<string> Skus { get; set; } = new(StringComparer.Ordinal);
}
