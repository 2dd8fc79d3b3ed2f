namespace Shop.Grains.Orders;

[GenerateSerializer, Alias("Shop.Grains.Orders.OrderReconciliationState")]
public sealed class OrderReconciliationState
{
    /// <summary>The users of this partition that have (or recently had) open orders.</summary>
    [Id(0)] public HashSet<Guid> Users { get; set; } = [];
}
