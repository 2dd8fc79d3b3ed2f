using Shop.Inventory;

namespace Shop.Grains.Inventory;

/// <summary>
/// A page of the catalog's index: its own state, so a write costs one page whatever the size of the
/// catalog. A failed write discards the activation (the silo's FailureAwareGrainStorage), so the next
/// call reads again what is stored.
/// </summary>
public sealed class CatalogPageGrain(
    [PersistentState("catalog-page", StorageNames.Inventory)] IPersistentState<CatalogPageState> state) : Grain, ICatalogPageGrain
{
    // Orleans copies a result for its caller: the state's own list is not shared.
    public Task<IReadOnlyList<string>> GetSkus() => Task.FromResult<IReadOnlyList<string>>(state.State.Skus);

    public async Task Append(IReadOnlyList<string> skus)
    {
        var stored = state.State.Skus;
        // Built per call, not kept: a page is small, and this grain is idle most of its life.
        var held = new HashSet<string>(stored, StringComparer.Ordinal);
        var before = stored.Count;
        foreach (var sku in skus)
        {
            if (held.Add(sku))
            {
                stored.Add(sku);
            }
        }

        if (stored.Count != before)
        {
            await state.WriteStateAsync();
        }
    }
}
