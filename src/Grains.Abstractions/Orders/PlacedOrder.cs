namespace Shop.Orders;

/// <summary>
/// A Pending order as its user's order index stores it: the order's durable record, and the event it
/// owes (outbox), until the order's own record holds a settled state. The order writes nothing when
/// it is placed, since the index has to write at placement anyway (admission, the open mark); an
/// activation of the order that finds nothing stored takes this record over.
/// </summary>
[GenerateSerializer, Immutable, Alias("Shop.Orders.PlacedOrder")]
public sealed record PlacedOrder(
    [property: Id(0)] OrderCreated Created,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] Recipient? Recipient)
{
    public Guid OrderId => Created.OrderId;
}
