using Shop.Inventory;

namespace Shop.Grains.Inventory;

public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Inventory)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    /// <summary>The most skus one call hands out: a caller cannot make this grain copy the whole index.</summary>
    public const int MaxPage = 1000;

    /// <summary>
    /// The skus in ordinal order, in memory only, for binary search: a page after a cursor then costs
    /// O(log n + page) wherever it starts (a view of the sorted set would count everything after the cursor).
    /// </summary>
    private List<string> _ordered = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Sorted here, not trusted from the stored set: the order must be ordinal whatever comparer it came back with.
        _ordered = [.. state.State.Skus];
        _ordered.Sort(StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    public async Task Add(string sku)
    {
        if (state.State.Skus.Add(sku))
        {
            _ordered.Insert(~_ordered.BinarySearch(sku, StringComparer.Ordinal), sku);
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetSkus() => Task.FromResult<IReadOnlyList<string>>([.. _ordered]);

    public Task<IReadOnlyList<string>> GetSkusAfter(string? after, int count)
    {
        var start = 0;
        if (after is not null)
        {
            // The cursor need not be a sku of the index: start at the first sku after it.
            var found = _ordered.BinarySearch(after, StringComparer.Ordinal);
            start = found >= 0 ? found + 1 : ~found;
        }

        var take = Math.Min(Math.Clamp(count, 0, MaxPage), _ordered.Count - start);
        return Task.FromResult<IReadOnlyList<string>>(_ordered.GetRange(start, take));
    }
}
