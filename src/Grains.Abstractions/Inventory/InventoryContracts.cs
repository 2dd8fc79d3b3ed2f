namespace Shop.Inventory;

/// <summary>
/// A product as a PUT defines it. <paramref name="AttemptId"/> names the one request it came in (the
/// gateway draws it per HTTP request): a repeat of the request that created the product (the gateway
/// retrying after a crashed silo or a lost answer) is answered <see cref="UpsertProductOutcome.Created"/>
/// again, as that request's client expects. <see cref="Guid.Empty"/>: every call is a new request.
/// </summary>
[GenerateSerializer, Immutable, Alias("Shop.Inventory.ProductDefinition")]
public sealed record ProductDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] decimal Price,
    [property: Id(3)] int Stock,
    [property: Id(4)] Guid AttemptId = default);

[GenerateSerializer, Immutable, Alias("Shop.Inventory.ProductDetails")]
public sealed record ProductDetails(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description,
    [property: Id(3)] decimal Price,
    [property: Id(4)] int Stock,
    [property: Id(5)] int Reserved)
{
    public int Available => Stock - Reserved;
}

[GenerateSerializer, Alias("Shop.Inventory.UpsertProductOutcome")]
public enum UpsertProductOutcome
{
    Created = 0,
    Updated = 1,
    /// <summary>The new stock is below what orders already hold.</summary>
    StockBelowReserved = 2,
}

[GenerateSerializer, Immutable, Alias("Shop.Inventory.UpsertProductResult")]
public sealed record UpsertProductResult(
    [property: Id(0)] UpsertProductOutcome Outcome,
    [property: Id(1)] ProductDetails Product);

[GenerateSerializer, Alias("Shop.Inventory.ReservationOutcome")]
public enum ReservationOutcome
{
    Reserved = 0,
    InsufficientStock = 1,
    UnknownProduct = 2,
    /// <summary>The order already holds a different quantity of this product.</summary>
    QuantityMismatch = 3,
}

[GenerateSerializer, Immutable, Alias("Shop.Inventory.ReservationResult")]
public sealed record ReservationResult(
    [property: Id(0)] ReservationOutcome Outcome,
    [property: Id(1)] int Available);
