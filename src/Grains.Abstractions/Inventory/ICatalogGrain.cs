namespace Shop.Inventory;

/// <summary>The index of every defined sku (a singleton, key <see cref="Key"/>), in ordinal order.</summary>
[Alias("Shop.Inventory.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    public const string Key = "catalog";

    [Alias("Add")]
    Task Add(string sku);

    /// <summary>Every sku. Kept for callers of the whole index (and for rolling upgrades); the HTTP list pages with <see cref="GetSkusAfter"/>.</summary>
    [Alias("GetSkus")]
    Task<IReadOnlyList<string>> GetSkus();

    /// <summary>
    /// Up to <paramref name="count"/> skus that sort (ordinal) after <paramref name="after"/>, or from the
    /// first one when it is null: a keyset page, so a page costs the same wherever it starts.
    /// </summary>
    [Alias("GetSkusAfter")]
    Task<IReadOnlyList<string>> GetSkusAfter(string? after, int count);
}
