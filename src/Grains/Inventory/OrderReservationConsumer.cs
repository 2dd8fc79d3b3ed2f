using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Grains.Events;
using Shop.Inventory;
using Shop.Orders;

namespace Shop.Grains.Inventory;

/// <summary>
/// The inventory side of the saga, one per partition: reserves every line of a created order from
/// the lines the event carries, then confirms or rejects the order. It keeps no state and never asks
/// the order anything: Reserve and Release are idempotent per order id, and the order's Confirm and
/// Reject answer idempotently whether the order took that outcome. So a redelivered OrderCreated of
/// a confirmed order changes nothing (its reservations exist, Confirm answers true), and one of an
/// order that settled otherwise (rejected, or cancelled while reserving) gives back what it took.
/// OrderRejected and OrderCancelled release every line once more (idempotent backstops).
/// </summary>
[ImplicitStreamSubscription(ShopStreams.OrderEventsNamespace)]
public sealed class OrderReservationConsumer(
    IOptions<ConsumerOptions> options,
    ShopMetrics metrics,
    ILogger<OrderReservationConsumer> logger) : OrderEventConsumer(options, metrics, logger), IOrderReservationConsumer
{
    protected override Task Handle(OrderEvent evt) => evt switch
    {
        // A replay comes from the sweep of a settled order: its outcome is decided, and reserving
        // again would only take stock for a moment (and leak it if this silo died before giving it
        // back, as the chaos run showed). The settling event replayed with it is the backstop.
        OrderCreated { Replay: false } created => Reserve(created),
        // Backstops: nothing stays held for a rejected or cancelled order, whatever a crash or a
        // failed release left behind (the order releases on cancel itself; releasing again is harmless).
        OrderRejected { Items: { } items } rejected => ReleaseAll(rejected.OrderId, items),
        OrderCancelled cancelled => ReleaseAll(cancelled.OrderId, cancelled.Items),
        _ => Task.CompletedTask,
    };

    private async Task Reserve(OrderCreated evt)
    {
        var order = GrainFactory.GetGrain<IOrderGrain>(evt.OrderId);
        var results = await Task.WhenAll(evt.Items.Select(l =>
            GrainFactory.GetGrain<IProductGrain>(l.Sku).Reserve(evt.OrderId, l.Quantity)));

        var failure = evt.Items.Zip(results).FirstOrDefault(x => x.Second.Outcome != ReservationOutcome.Reserved);
        if (failure != default)
        {
            await ReleaseAll(evt.OrderId, evt.Items);
            var reason = DescribeFailure(failure.First, failure.Second);
            if (await order.Reject(evt.UserId, reason))
            {
                Logger.LogInformation("Order {OrderId} rejected: {Reason}", evt.OrderId, reason);
            }

            return;
        }

        if (!await order.Confirm(evt.UserId))
        {
            // Settled otherwise (cancelled while we reserved, or this is a redelivery of an order
            // that was rejected or cancelled): give the stock back.
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
