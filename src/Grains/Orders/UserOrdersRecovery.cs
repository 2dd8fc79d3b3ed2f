namespace Shop.Grains.Orders;

/// <summary>
/// How a user's order index and its journal (<see cref="UserOrdersJournal"/>) make one index again,
/// on activation, whatever point of a write the last activation reached: the index is rewritten
/// only now and then, the journal with every admission, and both may hold the same entry.
/// </summary>
internal static class UserOrdersRecovery
{
    /// <summary>
    /// Merges <paramref name="journal"/> into <paramref name="index"/> in memory and takes over what an
    /// index stored before the journal held (its open orders and Pending records). True when the
    /// index itself changed in a way only its own write stores (an entry dropped).
    /// </summary>
    public static bool Merge(UserOrdersState index, UserOrdersJournal journal, DateTimeOffset now)
    {
        var dropped = false;
        if (index.Unconfirmed.Count > 0)
        {
            // Written beside a journal write that did not make it: those admissions failed, and
            // their callers were told so.
            var journaled = journal.Added.Select(e => e.OrderId).ToHashSet();
            dropped = index.Orders.RemoveAll(e => index.Unconfirmed.Contains(e.OrderId) && !journaled.Contains(e.OrderId)) > 0;
            index.Unconfirmed.Clear();
        }

        // An index stored before the journal: its open orders and records are the journal's now. A
        // stale one (the index not rewritten since) only costs reconciliation a call per order.
        journal.Open.UnionWith(index.Open);
        foreach (var (id, placed) in index.Placed)
        {
            journal.Placed.TryAdd(id, placed);
        }

        foreach (var entry in journal.Added)
        {
            // Both may hold an entry: the one that says the order was rejected or cancelled wins
            // (that never changes back).
            var known = index.Orders.FindIndex(o => o.OrderId == entry.OrderId);
            if (known < 0)
            {
                Insert(index.Orders, entry);
            }
            else if (entry.Void && !index.Orders[known].Void)
            {
                index.Orders[known] = entry;
            }
        }

        Trim(index, now);
        return dropped;
    }

    /// <summary>Puts <paramref name="entry"/>, which the list does not hold, in its place by creation time (usually the newest, so appended).</summary>
    public static void Insert(List<UserOrderEntry> orders, UserOrderEntry entry)
    {
        var at = orders.Count;
        while (at > 0 && orders[at - 1].CreatedAt > entry.CreatedAt)
        {
            at--;
        }

        orders.Insert(at, entry);
    }

    /// <summary>Keeps the latest <see cref="UserOrdersGrain.Kept"/> entries; what the limits still count of the others stays, per hour.</summary>
    public static void Trim(UserOrdersState index, DateTimeOffset now)
    {
        var orders = index.Orders;
        if (orders.Count <= UserOrdersGrain.Kept)
        {
            return;
        }

        foreach (var leaving in orders.Take(orders.Count - UserOrdersGrain.Kept))
        {
            OrderLimits.Fold(index, leaving, now);
        }

        orders.RemoveRange(0, orders.Count - UserOrdersGrain.Kept);
    }
}
