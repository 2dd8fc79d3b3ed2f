namespace Shop.Grains.Orders;

[GenerateSerializer, Alias("Shop.Grains.Orders.UserOrdersState")]
public sealed class UserOrdersState
{
    /// <summary>Order ids with their creation time, oldest first.</summary>
    [Id(0)] public List<UserOrderEntry> Orders { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("Shop.Grains.Orders.UserOrderEntry")]
public sealed record UserOrderEntry([property: Id(0)] Guid OrderId, [property: Id(1)] DateTimeOffset CreatedAt);
