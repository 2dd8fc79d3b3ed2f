using Shop.Orders;

namespace Shop.Grains.Orders;

[GenerateSerializer, Alias("Shop.Grains.Orders.OrderState")]
public sealed class OrderState
{
    [Id(0)] public bool Placed { get; set; }
    [Id(1)] public Guid UserId { get; set; }
    [Id(2)] public List<OrderLine> Items { get; set; } = [];
    [Id(3)] public decimal Total { get; set; }
    [Id(4)] public OrderStatus Status { get; set; }
    [Id(5)] public string? Reason { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Hash of the placed lines: an idempotent retry must carry the same body.</summary>
    [Id(8)] public string Fingerprint { get; set; } = "";
    /// <summary>
    /// Every event this order ever raised, in order, written together with the state change that
    /// raised it. Events from <see cref="Published"/> on are the outbox: owed to the stream.
    /// </summary>
    [Id(9)] public List<OrderEvent> Events { get; set; } = [];
    // Id 10 (History, a list of StatusChange) is retired: it was written on every change and read
    // nowhere (the events carry each change's time). Stored orders that hold it still load.
    /// <summary>How many of <see cref="Events"/> have been published (as of the last write: see OrderGrain.PublishOutbox).</summary>
    [Id(11)] public int Published { get; set; }
    // Id 12 (Swept) is retired: the sweep no longer writes.
    /// <summary>Who the order's e-mails go to, read from the account at placement (null for orders placed before it was kept).</summary>
    [Id(13)] public Recipient? Recipient { get; set; }

    public bool OwesEvents => Published < Events.Count;
}

/// <summary>The retired history's entry: kept so that the type of what older orders stored under Id 10 still resolves.</summary>
[GenerateSerializer, Immutable, Alias("Shop.Grains.Orders.StatusChange")]
public sealed record StatusChange(
    [property: Id(0)] OrderStatus Status,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Reason);
