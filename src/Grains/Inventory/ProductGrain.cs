using Shop.Inventory;

namespace Shop.Grains.Inventory;

/// <summary>
/// Stock of one sku. Reservations are kept per order id, which makes Reserve and Release
/// idempotent (a redelivered event never reserves twice) and keeps stock == available + reserved.
/// A failed write discards the activation (the silo's FailureAwareGrainStorage), so the next call
/// starts again from what is stored.
/// </summary>
public sealed class ProductGrain(
    [PersistentState("product", StorageNames.Inventory)] IPersistentState<ProductState> state,
    ShopMetrics metrics) : Grain, IProductGrain
{
    private ProductState S => state.State;

    public Task<ProductDetails?> GetDetails() => Task.FromResult(S.Exists ? ToDetails() : null);

    public async Task<UpsertProductResult> Upsert(ProductDefinition definition)
    {
        if (S.Exists && definition.Stock < S.Reserved)
        {
            return new UpsertProductResult(UpsertProductOutcome.StockBelowReserved, ToDetails());
        }

        // Index first: a listed sku whose write failed is skipped by readers, while a product
        // missing from the index would be invisible. Add is idempotent, so a retried PUT repairs it.
        // The state changes only after it: had the index failed, nothing of this call would show.
        await GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.Key).Add(this.GetPrimaryKeyString());
        var created = !S.Exists;
        S.Exists = true;
        S.Name = definition.Name;
        S.Description = definition.Description;
        S.Price = definition.Price;
        S.Stock = definition.Stock;
        await state.WriteStateAsync();
        return new UpsertProductResult(created ? UpsertProductOutcome.Created : UpsertProductOutcome.Updated, ToDetails());
    }

    public async Task<ProductDetails?> Restock(int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (!S.Exists)
        {
            return null;
        }

        S.Stock = checked(S.Stock + quantity);
        await state.WriteStateAsync();
        return ToDetails();
    }

    public async Task<ReservationResult> Reserve(Guid orderId, int quantity)
    {
        var result = await TryReserve(orderId, quantity);
        metrics.ReservationAttempted(result.Outcome);
        return result;
    }

    private async Task<ReservationResult> TryReserve(Guid orderId, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (!S.Exists)
        {
            return new ReservationResult(ReservationOutcome.UnknownProduct, 0);
        }

        if (S.Reservations.TryGetValue(orderId, out var held))
        {
            var outcome = held == quantity ? ReservationOutcome.Reserved : ReservationOutcome.QuantityMismatch;
            return new ReservationResult(outcome, S.Available);
        }

        if (S.Available < quantity)
        {
            return new ReservationResult(ReservationOutcome.InsufficientStock, S.Available);
        }

        S.Reservations[orderId] = quantity;
        await state.WriteStateAsync();
        return new ReservationResult(ReservationOutcome.Reserved, S.Available);
    }

    public async Task Release(Guid orderId)
    {
        if (S.Reservations.Remove(orderId, out var held))
        {
            await state.WriteStateAsync();
        }
    }

    private ProductDetails ToDetails() =>
        new(this.GetPrimaryKeyString(), S.Name, S.Description, S.Price, S.Stock, S.Reserved);
}
