namespace Shop.Grains.Orders;

/// <summary>
/// What a user's order index stores with every admission: the orders admitted since the index
/// itself (<see cref="UserOrdersState"/>: the list of the latest 100 and the hourly totals) was last
/// rewritten, and the open orders with their Pending records. An admission used to rewrite the whole
/// index, a hundred entries with their lines for an active user (serializing it was the silo's
/// largest single cost in the embedded order flow, and most of the bytes of the order's durable
/// write); now it writes this journal, and the index is rewritten once the journal holds
/// <see cref="OrderOptions.IndexJournalEntries"/> entries (<see cref="UserOrdersRecovery"/> puts the two
/// together on activation).
/// </summary>
[GenerateSerializer, Alias("Shop.Grains.Orders.UserOrdersJournal")]
public sealed class UserOrdersJournal
{
    /// <summary>Entries admitted since the index was last rewritten, in the order they were admitted.</summary>
    [Id(0)] public List<UserOrderEntry> Added { get; set; } = [];

    /// <summary>Orders that still need reconciliation (formerly <see cref="UserOrdersState.Open"/>).</summary>
    [Id(1)] public HashSet<Guid> Open { get; set; } = [];

    /// <summary>The Pending orders' own records, the orders' outbox (formerly <see cref="UserOrdersState.Placed"/>).</summary>
    [Id(2)] public Dictionary<Guid, Shop.Orders.PlacedOrder> Placed { get; set; } = [];
}
