using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Grains.Events;
using Shop.Notifications;
using Shop.Orders;

namespace Shop.Grains.Notifications;

/// <summary>Sends the confirmation e-mail when an order is confirmed (once per order: see <see cref="NotificationGrain"/>).</summary>
[ImplicitStreamSubscription(ShopStreams.OrdersNamespace)]
public sealed class OrderConfirmationMailer(
    IOptions<ConsumerOptions> options,
    ShopMetrics metrics,
    ILogger<OrderConfirmationMailer> logger) : OrderEventConsumer(options, metrics, logger), IOrderConfirmationMailer
{
    protected override Task Handle(OrderEvent evt) => evt is OrderConfirmed confirmed
        ? GrainFactory.GetGrain<INotificationGrain>(confirmed.UserId)
            .SendOrderConfirmation(new OrderConfirmationMail(confirmed.OrderId, confirmed.Items, confirmed.Total))
        : Task.CompletedTask;
}
