namespace Shop.Orders;

/// <summary>
/// One order, keyed by order id. The id is derived from (user id, Idempotency-Key) when the client
/// sends a key, so retries reach this same grain.
/// </summary>
[Alias("Shop.Orders.IOrderGrain")]
public interface IOrderGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Places the order as Pending: answered once it is stored, with the <see cref="OrderCreated"/>
    /// event it owes (outbox), in the user's order index (<see cref="PlacedOrder"/>).
    /// </summary>
    [Alias("Place")]
    Task<PlaceOrderResult> Place(PlaceOrder request);

    /// <summary>Null when no order was ever placed under this id.</summary>
    [Alias("Get")]
    Task<OrderSnapshot?> Get();

    /// <summary>
    /// The long poll behind GET /api/orders/{id}?wait=S: answers as soon as the order is no longer
    /// Pending, or after <paramref name="maxWait"/> with the order as it is. Interleaves with the
    /// order's other calls, so waiting never holds up the saga it waits for.
    /// </summary>
    [Alias("WaitWhilePending")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<OrderSnapshot?> WaitWhilePending(TimeSpan maxWait);

    /// <summary>
    /// Called by the inventory consumer once every line is reserved. Idempotent: true when the order
    /// is (now, or already) Confirmed; false when it settled otherwise (the caller releases the stock).
    /// </summary>
    [Alias("Confirm")]
    Task<bool> Confirm();

    /// <summary>
    /// <see cref="Confirm()"/>, naming the order's user: an activation that finds nothing stored
    /// takes the Pending order over from that user's index (<see cref="PlacedOrder"/>).
    /// </summary>
    [Alias("ConfirmFor")]
    Task<bool> Confirm(Guid userId);

    /// <summary>Called by the inventory consumer when a line cannot be reserved. True when the order is (now, or already) Rejected.</summary>
    [Alias("Reject")]
    Task<bool> Reject(string reason);

    /// <summary><see cref="Reject(string)"/>, naming the order's user (see <see cref="Confirm(Guid)"/>).</summary>
    [Alias("RejectFor")]
    Task<bool> Reject(Guid userId, string reason);

    /// <summary>Cancels a Pending or Confirmed order and releases its stock.</summary>
    [Alias("Cancel")]
    Task<CancelOrderResult> Cancel();

    /// <summary>
    /// One reconciliation step, driven by the user's order index: publishes what the order still
    /// owes, re-publishes OrderCreated of an order left Pending too long, and re-publishes the history
    /// of a settled order once (memory streams can lose acknowledged events). True once the order
    /// needs no more reconciliation.
    /// </summary>
    [Alias("Reconcile")]
    Task<bool> Reconcile();

    /// <summary>
    /// <see cref="Reconcile()"/>, with the order's record as the user's index holds it while the
    /// order is Pending (null once it settled): an activation that finds nothing stored takes it over.
    /// </summary>
    [Alias("ReconcilePlaced")]
    Task<bool> Reconcile(PlacedOrder? placed);
}
