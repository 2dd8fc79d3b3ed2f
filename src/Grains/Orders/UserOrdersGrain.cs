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

    // Orders admitted and not yet settled. In memory only: the cap guards against piling up work,
    // and a restart of this grain forgets it, which at worst admits a few orders more.
    private readonly HashSet<Guid> _pending = [];

    public async Task<bool> Add(Guid orderId, DateTimeOffset createdAt)
    {
        if (state.State.Orders.Exists(o => o.OrderId == orderId))
        {
            return true;
        }

        if (_pending.Count >= OrderRules.MaxPendingOrdersPerUser)
        {
            return false;
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
        _pending.Add(orderId);
        return true;
    }

    public Task Settled(Guid orderId)
    {
        _pending.Remove(orderId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Guid>> GetRecent(int limit) =>
        Task.FromResult<IReadOnlyList<Guid>>(VerifiedCaller.MayAccess(this.GetPrimaryKey())
            ? [.. state.State.Orders.AsEnumerable().Reverse().Take(Math.Max(0, limit)).Select(o => o.OrderId)]
            : []);
}
