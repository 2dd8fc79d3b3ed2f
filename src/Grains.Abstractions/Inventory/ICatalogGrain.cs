namespace Shop.Inventory;

/// <summary>The index of every defined sku (a singleton, key <see cref="Key"/>).</summary>
[Alias("Shop.Inventory.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    public const string Key = "catalog";

    [Alias("Add")]
    Task Add(string sku);

    [Alias("GetSkus")]
    Task<IReadOnlyList<string>> GetSkus();
}
