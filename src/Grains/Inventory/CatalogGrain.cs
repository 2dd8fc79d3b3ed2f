using Shop.Inventory;

namespace Shop.Grains.Inventory;

public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Inventory)] IPersistentState<CatalogState> state) : Grain, ICatalogGrain
{
    public async Task Add(string sku)
    {
        if (state.State.Skus.Add(sku))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> GetSkus() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Skus]);
}
