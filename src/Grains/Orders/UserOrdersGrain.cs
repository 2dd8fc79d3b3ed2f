using Shop.Grains.Security;
using Shop.Orders;

namespace Shop.Grains.Orders;

public sealed class UserOrdersGrain(
    [PersistentState("user-orders", StorageNames.Orders)] IPersistentState<UserOrdersState> state) : Grain, IUserOrdersGrain
{
    public async Task Add(Guid orderId, DateTimeOffset createdAt)
    {
        if (state.State.Orders.Exists(o => o.OrderId == orderId))
        {
            return;
        }

        state.State.Orders.Add(new UserOrderEntry(orderId, createdAt));
        state.State.Orders.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<Guid>> GetRecent(int limit) =>
        Task.FromResult<IReadOnlyList<Guid>>(VerifiedCaller.MayAccess(this.GetPrimaryKey())
            ? [.. state.State.Orders.AsEnumerable().Reverse().Take(Math.Max(0, limit)).Select(o => o.OrderId)]
            : []);
}
