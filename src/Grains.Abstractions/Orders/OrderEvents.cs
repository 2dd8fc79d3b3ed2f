namespace Shop.Orders;

/// <summary>
/// Events published by order grains on the <see cref="ShopStreams.OrderEventsNamespace"/> stream of the
/// order's partition. Each carries what its consumers need, so none has to call back to ask.
/// Delivery is at least once: consumers must be idempotent by (order id, event kind).
/// </summary>
[GenerateSerializer, Alias("Shop.Orders.OrderEvent")]
public abstract record OrderEvent(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] Guid UserId,
    [property: Id(2)] DateTimeOffset OccurredAt)
{
    /// <summary>Stable name of the event kind, used as part of consumers' idempotency keys.</summary>
    public abstract string Kind { get; }

    /// <summary>
    /// The W3C trace context of the operation that raised the event: queue-based streams do not carry
    /// it, so consumers continue the same trace from here.
    /// </summary>
    [Id(3)]
    public string? TraceParent { get; init; }

    /// <summary>
    /// True when the event is published again by the sweep of a settled order (reconciliation), to
    /// repair a delivery the stream may have lost. Its order has settled, so what the event asked for
    /// is decided: a consumer that acts on a request (the reservation of OrderCreated) ignores a replay,
    /// while consumers that record facts (statistics, e-mail) handle it like the original, idempotently.
    /// </summary>
    [Id(4)]
    public bool Replay { get; init; }
}

[GenerateSerializer, Immutable, Alias("Shop.Orders.OrderCreated")]
public sealed record OrderCreated(
    Guid OrderId,
    Guid UserId,
    DateTimeOffset OccurredAt,
    [property: Id(0)] IReadOnlyList<OrderLine> Items,
    [property: Id(1)] decimal Total) : OrderEvent(OrderId, UserId, OccurredAt)
{
    public override string Kind => "order.created";
}

[GenerateSerializer, Immutable, Alias("Shop.Orders.OrderConfirmed")]
public sealed record OrderConfirmed(
    Guid OrderId,
    Guid UserId,
    DateTimeOffset OccurredAt,
    [property: Id(0)] IReadOnlyList<OrderLine> Items,
    [property: Id(1)] decimal Total) : OrderEvent(OrderId, UserId, OccurredAt)
{
    public override string Kind => "order.confirmed";

    /// <summary>
    /// Who the confirmation e-mail goes to, as the account read when the order was placed. Null only
    /// in events stored before it was carried (the mailer then looks the user up).
    /// </summary>
    [Id(2)]
    public Recipient? Recipient { get; init; }
}

/// <summary>The addressee of an order's e-mails.</summary>
[GenerateSerializer, Immutable, Alias("Shop.Orders.Recipient")]
public sealed record Recipient(
    [property: Id(0)] string Email,
    [property: Id(1)] string Name);

[GenerateSerializer, Immutable, Alias("Shop.Orders.OrderRejected")]
public sealed record OrderRejected(
    Guid OrderId,
    Guid UserId,
    DateTimeOffset OccurredAt,
    [property: Id(0)] string Reason) : OrderEvent(OrderId, UserId, OccurredAt)
{
    public override string Kind => "order.rejected";

    /// <summary>The lines of the rejected order, so inventory can make sure none is held (null in events of earlier versions).</summary>
    [Id(1)]
    public IReadOnlyList<OrderLine>? Items { get; init; }
}

[GenerateSerializer, Immutable, Alias("Shop.Orders.OrderCancelled")]
public sealed record OrderCancelled(
    Guid OrderId,
    Guid UserId,
    DateTimeOffset OccurredAt,
    [property: Id(0)] IReadOnlyList<OrderLine> Items,
    [property: Id(1)] decimal Total,
    [property: Id(2)] OrderStatus PreviousStatus) : OrderEvent(OrderId, UserId, OccurredAt)
{
    public override string Kind => "order.cancelled";
}
