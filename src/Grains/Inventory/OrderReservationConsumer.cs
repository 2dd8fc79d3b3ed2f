using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Grains.Events;
using Shop.Inventory;
using Shop.Orders;

namespace Shop.Grains.Inventory;

/// <summary>
/// The inventory side of the saga: reserves every line of a created order, then confirms it or
/// rejects it. Safe to run again for the same order (Reserve and Release are idempotent per order
/// id), and safe against a cancellation racing it: when the order no longer accepts the outcome,
/// everything reserved here is released.
/// </summary>
[ImplicitStreamSubscription(ShopStreams.OrdersNamespace)]
public sealed class OrderReservationConsumer(
    IOptions<ConsumerOptions> options,
    ShopMetrics metrics,
    ILogger<OrderReservationConsumer> logger) : OrderEventConsumer(options, metrics, logger), IOrderReservationConsumer
{
    protected override Task Handle(OrderEvent evt) => evt switch
    {
        OrderCreated created => Reserve(created),
        // Backstop: the order releases on cancel itself; releasing again is harmless and covers
        // a crash between the order's write and its release.
        OrderCancelled cancelled => ReleaseAll(cancelled.OrderId, cancelled.Items),
        _ => Task.CompletedTask,
    };

    private async Task Reserve(OrderCreated evt)
    {
        var order = GrainFactory.GetGrain<IOrderGrain>(evt.OrderId);
        switch ((await order.Get())?.Status)
        {
            case OrderStatus.Pending:
                break;
            case OrderStatus.Rejected or OrderStatus.Cancelled:
                // A redelivery after the order settled without stock: make sure none is held.
                await ReleaseAll(evt.OrderId, evt.Items);
                return;
            default:
                // Confirmed (its stock is held) or unknown: reserving again would only briefly
                // take stock from other orders.
                return;
        }

        var results = await Task.WhenAll(evt.Items.Select(l =>
            GrainFactory.GetGrain<IProductGrain>(l.Sku).Reserve(evt.OrderId, l.Quantity)));

        var failure = evt.Items.Zip(results).FirstOrDefault(x => x.Second.Outcome != ReservationOutcome.Reserved);
        if (failure != default)
        {
            await ReleaseAll(evt.OrderId, evt.Items);
            var reason = DescribeFailure(failure.First, failure.Second);
            await order.Reject(reason);
            Logger.LogInformation("Order {OrderId} rejected: {Reason}", evt.OrderId, reason);
            return;
        }

        if (!await order.Confirm())
        {
            // Cancelled (or otherwise settled) while we reserved: give the stock back.
            await ReleaseAll(evt.OrderId, evt.Items);
        }
    }

    private Task ReleaseAll(Guid orderId, IEnumerable<OrderLine> lines) =>
        Task.WhenAll(lines.Select(l => GrainFactory.GetGrain<IProductGrain>(l.Sku).Release(orderId)));

    private static string DescribeFailure(OrderLine line, ReservationResult result) => result.Outcome switch
    {
        ReservationOutcome.UnknownProduct => $"Unknown product '{line.Sku}'.",
        ReservationOutcome.InsufficientStock => $"Insufficient stock for '{line.Sku}': {line.Quantity} requested, {result.Available} available.",
        _ => $"Could not reserve '{line.Sku}' ({result.Outcome}).",
    };
}
