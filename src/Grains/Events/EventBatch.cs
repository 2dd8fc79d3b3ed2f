using Shop.Orders;

namespace Shop.Grains.Events;

/// <summary>
/// How a consumer works through one delivery of a partition's events: grouped by order, in the
/// order they arrived within each order (an order's events must be applied in order), with an
/// event that repeats one already in the batch (same order, same kind) dropped, since handling it
/// again could only repeat an effect.
/// </summary>
public static class EventBatch
{
    public static IReadOnlyList<IReadOnlyList<OrderEvent>> ByOrder(IEnumerable<OrderEvent> events)
    {
        var orders = new Dictionary<Guid, List<OrderEvent>>();
        var groups = new List<List<OrderEvent>>();
        foreach (var evt in events)
        {
            if (!orders.TryGetValue(evt.OrderId, out var group))
            {
                orders[evt.OrderId] = group = [];
                groups.Add(group);
            }

            if (!group.Exists(e => e.Kind == evt.Kind))
            {
                group.Add(evt);
            }
        }

        return groups;
    }
}
