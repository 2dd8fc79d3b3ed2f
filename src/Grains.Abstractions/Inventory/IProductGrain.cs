namespace Shop.Inventory;

/// <summary>One product and its stock, keyed by sku. Reservations are held per order id.</summary>
[Alias("Shop.Inventory.IProductGrain")]
public interface IProductGrain : IGrainWithStringKey
{
    /// <summary>Null when no product with this sku was ever defined.</summary>
    [Alias("GetDetails")]
    Task<ProductDetails?> GetDetails();

    [Alias("Upsert")]
    Task<UpsertProductResult> Upsert(ProductDefinition definition);

    [Alias("Restock")]
    Task<ProductDetails?> Restock(int quantity);

    /// <summary>Reserves stock for an order. Idempotent per order id: a repeat answers the existing reservation.</summary>
    [Alias("Reserve")]
    Task<ReservationResult> Reserve(Guid orderId, int quantity);

    /// <summary>Releases what the order holds, if anything. Idempotent.</summary>
    [Alias("Release")]
    Task Release(Guid orderId);
}
