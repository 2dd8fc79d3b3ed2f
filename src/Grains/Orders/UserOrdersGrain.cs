using Shop.Grains.Security;
using Shop.Orders;

namespace Shop.Grains.Orders;

/// <summary>
/// The index of one user's orders, newest last. It keeps the latest <see cref="Kept"/> (as many as
/// GET /api/orders can list): the state is written on every order, and a list of every order a
/// user ever placed made each write slower than the last. The orders themselves are never dropped.
/// </summary>
public sealed class UserOrdersGrain(
    [PersistentState("user-orders", StorageNames.Orders)] IPersistentState<UserOrdersState> state) : Grain, IUserOrdersGrain
{
    public const int Kept = OrderRules.ListedOrders;

    public async Task Add(Guid orderId, DateTimeOffset createdAt)
    {
        if (state.State.Orders.Exists(o => o.OrderId == orderId))
        {
            return;
        }

        var orders = state.State.Orders;
        // Usually the newest: appended; an older one (a retried placement) goes to its place.
        var at = orders.Count;
        while (at > 0 && orders[at - 1].CreatedAt > createdAt)
        {
            at--;
        }

        orders.Insert(at, new UserOrderEntry(orderId, createdAt));
        if (orders.Count > Kept)
        {
            orders.RemoveRange(0, orders.Count - Kept);
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<Guid>> GetRecent(int limit) =>
        Task.FromResult<IReadOnlyList<Guid>>(VerifiedCaller.MayAccess(this.GetPrimaryKey())
            ? [.. state.State.Orders.AsEnumerable().Reverse().Take(Math.Max(0, limit)).Select(o => o.OrderId)]
            : []);
}
