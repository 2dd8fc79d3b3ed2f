namespace Shop.Inventory;

/// <summary>
/// One stored page of a catalog's sku index, keyed by <see cref="KeyOf"/> (the catalog's key and the
/// page number): a bounded number of skus, in the order they were added, so that storing a new sku
/// rewrites one page, never the whole index. Only the catalog grain calls it; the catalog keeps the
/// sorted index in memory and decides when a page is full.
/// </summary>
[Alias("Shop.Inventory.ICatalogPageGrain")]
public interface ICatalogPageGrain : IGrainWithStringKey
{
    /// <summary>"catalog/0", "catalog/1", ...: pages of different catalogs (tests use their own) never meet.</summary>
    public static string KeyOf(string catalogKey, int page) => $"{catalogKey}/{page}";

    [Alias("GetSkus")]
    Task<IReadOnlyList<string>> GetSkus();

    /// <summary>
    /// Stores those of <paramref name="skus"/> the page does not hold yet, after the ones it holds, and
    /// returns once they are stored. Idempotent: a batch sent again after a failure is not stored twice.
    /// </summary>
    [Alias("Append")]
    Task Append(IReadOnlyList<string> skus);
}
