namespace Shop.Orders;

[GenerateSerializer, Alias("Shop.Orders.OrderStatus")]
public enum OrderStatus
{
    Pending = 0,
    Confirmed = 1,
    Rejected = 2,
    Cancelled = 3,
}

[GenerateSerializer, Immutable, Alias("Shop.Orders.OrderLineRequest")]
public sealed record OrderLineRequest(
    [property: Id(0)] string Sku,
    [property: Id(1)] int Quantity);

[GenerateSerializer, Immutable, Alias("Shop.Orders.PlaceOrder")]
public sealed record PlaceOrder(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] IReadOnlyList<OrderLineRequest> Items);

[GenerateSerializer, Immutable, Alias("Shop.Orders.OrderLine")]
public sealed record OrderLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] int Quantity,
    [property: Id(2)] decimal UnitPrice);

[GenerateSerializer, Immutable, Alias("Shop.Orders.OrderSnapshot")]
public sealed record OrderSnapshot(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] IReadOnlyList<OrderLine> Items,
    [property: Id(3)] decimal Total,
    [property: Id(4)] OrderStatus Status,
    [property: Id(5)] string? Reason,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt);

/// <summary>
/// One user's own figures, computed from their latest <see cref="OrderRules.ListedOrders"/> orders
/// (the ones their order index keeps): orders placed, confirmed, and the total of the confirmed ones.
/// </summary>
[GenerateSerializer, Immutable, Alias("Shop.Orders.UserOrderStatistics")]
public sealed record UserOrderStatistics(
    [property: Id(0)] int OrdersPlaced,
    [property: Id(1)] int OrdersConfirmed,
    [property: Id(2)] decimal TotalSpent);

[GenerateSerializer, Alias("Shop.Orders.OrderAdmission")]
public enum OrderAdmission
{
    Admitted = 0,
    TooManyPending = 1,
    OverOrderLimit = 2,
}

/// <summary>The user's order index's answer to a new order; <see cref="Reason"/> says which limit when refused.</summary>
[GenerateSerializer, Immutable, Alias("Shop.Orders.OrderAdmissionResult")]
public sealed record OrderAdmissionResult(
    [property: Id(0)] OrderAdmission Outcome,
    [property: Id(1)] string? Reason)
{
    /// <summary>
    /// The order as the index holds it, when it was admitted before (a retried placement): the retry
    /// answers from it rather than from its own, newer prices.
    /// </summary>
    [Id(2)] public PlacedOrder? Earlier { get; init; }
}

[GenerateSerializer, Alias("Shop.Orders.PlaceOrderOutcome")]
public enum PlaceOrderOutcome
{
    Created = 0,
    /// <summary>The same request was placed before under this id: the existing order is answered.</summary>
    AlreadyPlaced = 1,
    /// <summary>This id was used before with a different body (or by another user).</summary>
    IdempotencyConflict = 2,
    Invalid = 3,
    /// <summary>The user already has the most pending orders allowed; nothing was placed.</summary>
    TooManyPending = 4,
    /// <summary>The order would take the user past a hoarding limit (units of a product or value per 24 h); nothing was placed.</summary>
    OverOrderLimit = 5,
}

[GenerateSerializer, Immutable, Alias("Shop.Orders.PlaceOrderResult")]
public sealed record PlaceOrderResult(
    [property: Id(0)] PlaceOrderOutcome Outcome,
    [property: Id(1)] OrderSnapshot? Order,
    [property: Id(2)] string? Error);

[GenerateSerializer, Alias("Shop.Orders.CancelOrderOutcome")]
public enum CancelOrderOutcome
{
    Cancelled = 0,
    NotCancellable = 1,
    NotFound = 2,
}

[GenerateSerializer, Immutable, Alias("Shop.Orders.CancelOrderResult")]
public sealed record CancelOrderResult(
    [property: Id(0)] CancelOrderOutcome Outcome,
    [property: Id(1)] OrderSnapshot? Order);
