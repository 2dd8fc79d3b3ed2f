namespace Shop.Grains.Analytics;

[GenerateSerializer, Alias("Shop.Grains.Analytics.OrderStatisticsState")]
public sealed class OrderStatisticsState
{
    /// <summary>Event kinds of this order already counted: the consumer's idempotency record.</summary>
    [Id(0)] public HashSet<string> Counted { get; set; } = [];
}
