using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Analytics;
using Shop.Grains.Events;
using Shop.Orders;

namespace Shop.Grains.Analytics;

/// <summary>
/// Turns the events of one order into changes of the shop counters. It remembers which kinds it
/// has counted for its order, so a redelivered event is not counted twice.
/// </summary>
[ImplicitStreamSubscription(ShopStreams.OrdersNamespace)]
public sealed class OrderStatisticsConsumer(
    [PersistentState("order-stats", StorageNames.Analytics)] IPersistentState<OrderStatisticsState> state,
    IOptions<ConsumerOptions> options,
    ShopMetrics metrics,
    ILogger<OrderStatisticsConsumer> logger) : OrderEventConsumer(options, metrics, logger), IOrderStatisticsConsumer
{
    protected override async Task Handle(OrderEvent evt)
    {
        if (state.State.Counted.Contains(evt.Kind) || ToDelta(evt) is not { } delta)
        {
            return;
        }

        await GrainFactory.GetGrain<IShopStatsGrain>(IShopStatsGrain.Key).Apply(delta);
        state.State.Counted.Add(evt.Kind);
        await state.WriteStateAsync();
    }

    private static StatsDelta? ToDelta(OrderEvent evt) => evt switch
    {
        OrderCreated => new StatsDelta(1, 0, 0, 0, 0m, []),
        OrderConfirmed c => new StatsDelta(0, 1, 0, 0, c.Total, [.. c.Items.Select(l => new ProductSales(l.Sku, l.Quantity))]),
        OrderRejected => new StatsDelta(0, 0, 1, 0, 0m, []),
        // A confirmed order that is cancelled gives its revenue and units back.
        OrderCancelled { PreviousStatus: OrderStatus.Confirmed } x =>
            new StatsDelta(0, 0, 0, 1, -x.Total, [.. x.Items.Select(l => new ProductSales(l.Sku, -l.Quantity))]),
        OrderCancelled => new StatsDelta(0, 0, 0, 1, 0m, []),
        _ => null,
    };
}
