using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Grains.Events;
using Shop.Notifications;
using Shop.Orders;

namespace Shop.Grains.Notifications;

/// <summary>
/// Sends the confirmation e-mail of every confirmed order of its partition, to the recipient the
/// event carries. It keeps no state: the user's <see cref="NotificationGrain"/> sends each (kind,
/// order) once and recognises a repeat, and every message carries a Message-Id derived from the
/// order, by which the pickup folder and receiving mail systems drop a repeated send.
/// </summary>
[ImplicitStreamSubscription(ShopStreams.OrderEventsNamespace)]
public sealed class OrderConfirmationMailer(
    IOptions<ConsumerOptions> options,
    ShopMetrics metrics,
    ILogger<OrderConfirmationMailer> logger) : OrderEventConsumer(options, metrics, logger), IOrderConfirmationMailer
{
    protected override Task Handle(OrderEvent evt) => evt is OrderConfirmed confirmed
        ? GrainFactory.GetGrain<INotificationGrain>(confirmed.UserId).SendOrderConfirmation(
            new OrderConfirmationMail(confirmed.OrderId, confirmed.Items, confirmed.Total) { Recipient = confirmed.Recipient })
        : Task.CompletedTask;
}
