using Shop.Gateway.Resilience;
using Shop.Orders;

namespace Shop.Gateway.Services;

/// <summary>The orders service: placing, reading, waiting for and cancelling orders.</summary>
public sealed class OrdersService(IClusterClient cluster, ClusterCalls calls)
{
    private const DownstreamService Service = DownstreamService.Orders;

    /// <summary>
    /// Placing is idempotent under the order id (the Idempotency-Key's, or one the gateway chose for
    /// this request), so a placement that meets a crashed silo is retried on another one: a second
    /// attempt after a first that did land answers AlreadyPlaced with the same order. The first
    /// attempt under an id chosen here (<paramref name="newId"/>) tells the silo that the order was
    /// never stored (<see cref="NewOrderHint"/>); a retry does not, since the first may have stored it.
    /// </summary>
    public Task<PlaceOrderResult> Place(Guid orderId, PlaceOrder order, bool newId)
    {
        var grain = cluster.GetGrain<IOrderGrain>(orderId);
        var first = newId;
        return calls.CallIdempotent(Service, () =>
        {
            if (!first)
            {
                return grain.Place(order);
            }

            first = false;
            return NewOrderHint.Around(grain.GetGrainId(), () => grain.Place(order));
        });
    }

    /// <summary>The order, or its last good answer when the service fails.</summary>
    public Task<OrderSnapshot?> Order(Guid orderId) =>
        calls.Read(Service, $"order:{orderId}", cluster.GetGrain<IOrderGrain>(orderId).Get);

    /// <summary>The order as it is now (no fallback): what a change is decided on.</summary>
    public Task<OrderSnapshot?> Current(Guid orderId) => calls.CallIdempotent(Service, cluster.GetGrain<IOrderGrain>(orderId).Get);

    /// <summary>A long poll: the order once it is no longer pending, or after <paramref name="wait"/>.</summary>
    public Task<OrderSnapshot?> WaitWhilePending(Guid orderId, TimeSpan wait) =>
        calls.CallIdempotent(Service, wait, () => cluster.GetGrain<IOrderGrain>(orderId).WaitWhilePending(wait));

    /// <summary>Not repeated: a second attempt after a first that landed would answer "not cancellable".</summary>
    public Task<CancelOrderResult> Cancel(Guid orderId) => calls.Call(Service, cluster.GetGrain<IOrderGrain>(orderId).Cancel);

    /// <summary>The user's own figures (over their latest orders), with the last good answer as fallback.</summary>
    public Task<UserOrderStatistics> Statistics(Guid userId) =>
        calls.Read(Service, $"order-stats:{userId}", () => cluster.GetGrain<IUserOrdersGrain>(userId).GetStatistics());

    /// <summary>The user's newest orders, with the last good answer as fallback (the dashboard shares it).</summary>
    public Task<OrderSnapshot[]> Recent(Guid userId, int limit) =>
        calls.Read(Service, $"orders:{userId}:{limit}", async () =>
        {
            var ids = await cluster.GetGrain<IUserOrdersGrain>(userId).GetRecent(limit);
            var orders = await Task.WhenAll(ids.Select(id => cluster.GetGrain<IOrderGrain>(id).Get()));
            return orders.OfType<OrderSnapshot>().ToArray();
        });
}
