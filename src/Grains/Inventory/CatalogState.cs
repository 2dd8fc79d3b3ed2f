namespace Shop.Grains.Inventory;

[GenerateSerializer, Alias("Shop.Grains.Inventory.CatalogState")]
public sealed class CatalogState
{
    /// <summary>
    /// Legacy: every sku, as the catalog stored them before the index was paged. Empty once the catalog
    /// has activated on the paged code, which moves them into pages (see CatalogGrain.OnActivateAsync);
    /// kept so that a catalog stored by the old code still loads.
    /// </summary>
    [Id(0)] public SortedSet<string> Skus { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How many pages held skus at the last write of this state: a hint for reading them in parallel at
    /// activation, never an upper bound (the pages are written first, and an old silo during a rolling
    /// upgrade writes this state without it), so the catalog reads on past it until an empty page.
    /// </summary>
    [Id(1)] public int PageCount { get; set; }
}
