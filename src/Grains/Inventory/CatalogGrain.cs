using Shop.Inventory;

namespace Shop.Grains.Inventory;

public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Inventory)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    /// <summary>The most skus one call hands out: a caller cannot make this grain copy the whole index.</summary>
    public const int MaxPage = 1000;

    public async Task Add(string sku)
    {
        if (state.State.Skus.Add(sku))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetSkus() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Skus]);

    public Task<IReadOnlyList<string>> GetSkusAfter(string? after, int count)
    {
        count = Math.Clamp(count, 0, MaxPage);
        var skus = state.State.Skus;
        IEnumerable<string> page;
        if (after is null)
        {
            page = skus;
        }
        else if (skus.Count == 0 || skus.Comparer.Compare(after, skus.Max!) >= 0)
        {
            page = [];
        }
        else
        {
            // A view of the sorted set from the cursor on (in the set's own order): nothing before it
            // is copied. The cursor itself need not be a sku of the set.
            page = skus.GetViewBetween(after, skus.Max!).Where(s => skus.Comparer.Compare(s, after) != 0);
        }

        return Task.FromResult<IReadOnlyList<string>>([.. page.Take(count)]);
    }
}
