using Orleans.Concurrency;
using Shop.Grains.Storage;
using Shop.Inventory;

namespace Shop.Grains.Inventory;

/// <summary>
/// Stock of one sku. Reservations are kept per order id, which makes Reserve and Release
/// idempotent (a redelivered event never reserves twice) and keeps stock == available + reserved.
/// Every order of a popular product meets here, so changes are group-committed: the grain is
/// reentrant, each change is checked and made in memory at once (so concurrent reservations never
/// oversell) and answered once a write that includes it has finished. Reads answer the product as
/// last stored, never a change still being written. A failed write discards the activation (the
/// silo's FailureAwareGrainStorage), so the next call starts again from what is stored.
/// </summary>
[Reentrant]
public sealed class ProductGrain : Grain, IProductGrain
{
    private readonly IPersistentState<ProductState> _state;
    private readonly ShopMetrics _metrics;
    private readonly GroupCommit _commit;
    private ProductDetails? _stored;

    public ProductGrain([PersistentState("product", StorageNames.Inventory)] IPersistentState<ProductState> state, ShopMetrics metrics)
    {
        _state = state;
        _metrics = metrics;
        _commit = new GroupCommit(Write);
    }

    private ProductState Product => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stored = Product.Exists ? ToDetails() : null;
        return Task.CompletedTask;
    }

    public Task<ProductDetails?> GetDetails() => Task.FromResult(_stored);

    public async Task<UpsertProductResult> Upsert(ProductDefinition definition)
    {
        if (Product.Exists && definition.Stock < Product.Reserved)
        {
            return new UpsertProductResult(UpsertProductOutcome.StockBelowReserved, ToDetails());
        }

        // Index first: a listed sku whose write failed is skipped by readers, while a product
        // missing from the index would be invisible. Add is idempotent, so a retried PUT repairs it.
        // The state changes only after it: had the index failed, nothing of this call would show.
        await GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.Key).Add(this.GetPrimaryKeyString());
        if (Product.Exists && definition.Stock < Product.Reserved)
        {
            // Orders reserved more while the index was written (the grain is reentrant).
            return new UpsertProductResult(UpsertProductOutcome.StockBelowReserved, ToDetails());
        }

        // A repeat of the request that created the product is that creation, for the client that sent it.
        var created = !Product.Exists || (definition.AttemptId != Guid.Empty && definition.AttemptId == Product.CreatedBy);
        if (!Product.Exists)
        {
            Product.CreatedBy = definition.AttemptId;
        }

        Product.Exists = true;
        Product.Name = definition.Name;
        Product.Description = definition.Description;
        Product.Price = definition.Price;
        Product.Stock = definition.Stock;
        var details = ToDetails();
        await _commit.Commit();
        return new UpsertProductResult(created ? UpsertProductOutcome.Created : UpsertProductOutcome.Updated, details);
    }

    public async Task<ProductDetails?> Restock(int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (!Product.Exists)
        {
            return null;
        }

        Product.Stock = checked(Product.Stock + quantity);
        var details = ToDetails();
        await _commit.Commit();
        return details;
    }

    public async Task<ReservationResult> Reserve(Guid orderId, int quantity)
    {
        var result = await TryReserve(orderId, quantity);
        _metrics.ReservationAttempted(result.Outcome);
        return result;
    }

    private async Task<ReservationResult> TryReserve(Guid orderId, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (!Product.Exists)
        {
            return new ReservationResult(ReservationOutcome.UnknownProduct, 0);
        }

        if (Product.Reservations.TryGetValue(orderId, out var held))
        {
            var outcome = held == quantity ? ReservationOutcome.Reserved : ReservationOutcome.QuantityMismatch;
            // A repeat of a reservation still being written is answered only once it is stored.
            await _commit.WhenStored();
            return new ReservationResult(outcome, Product.Available);
        }

        if (Product.Available < quantity)
        {
            return new ReservationResult(ReservationOutcome.InsufficientStock, Product.Available);
        }

        Product.Reservations[orderId] = quantity;
        var available = Product.Available;
        await _commit.Commit();
        return new ReservationResult(ReservationOutcome.Reserved, available);
    }

    public async Task Release(Guid orderId)
    {
        if (Product.Reservations.Remove(orderId))
        {
            await _commit.Commit();
        }
    }

    private async Task Write()
    {
        var details = ToDetails();
        await _state.WriteStateAsync();
        _stored = details;
    }

    private ProductDetails ToDetails() =>
        new(this.GetPrimaryKeyString(), Product.Name, Product.Description, Product.Price, Product.Stock, Product.Reserved);
}
