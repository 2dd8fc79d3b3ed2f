namespace Shop.Orders;

/// <summary>
/// The durable reconciliation of one partition of users (key: <see cref="OrderPartitions.Of"/> of the
/// user id): it knows which users have open orders and, on a reminder of its own (one per partition,
/// not one per order), has each of them reconcile those orders. A user is tracked before their first
/// open order is stored, so an order that exists is always reachable after a crash.
/// </summary>
[Alias("Shop.Orders.IOrderReconciliationGrain")]
public interface IOrderReconciliationGrain : IGrainWithIntegerKey
{
    /// <summary>Tracks the user until their open orders are reconciled; answered once stored.</summary>
    [Alias("Track")]
    Task Track(Guid userId);
}
