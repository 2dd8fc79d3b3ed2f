using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Grains.Events;
using Shop.Notifications;
using Shop.Orders;

namespace Shop.Grains.Notifications;

/// <summary>
/// Sends the confirmation e-mail when an order is confirmed, once per order: this consumer remembers
/// that it sent it (the reconciliation sweep redelivers every event of every order), and the user's
/// <see cref="NotificationGrain"/> recognises a repeat of a recent send (a crash between its write
/// and this one).
/// </summary>
[ImplicitStreamSubscription(ShopStreams.OrdersNamespace)]
public sealed class OrderConfirmationMailer(
    [PersistentState("order-mail", StorageNames.Notifications)] IPersistentState<OrderMailState> state,
    IOptions<ConsumerOptions> options,
    ShopMetrics metrics,
    ILogger<OrderConfirmationMailer> logger) : OrderEventConsumer(options, metrics, logger), IOrderConfirmationMailer
{
    protected override async Task Handle(OrderEvent evt)
    {
        if (evt is not OrderConfirmed confirmed || state.State.ConfirmationSent)
        {
            return;
        }

        await GrainFactory.GetGrain<INotificationGrain>(confirmed.UserId)
            .SendOrderConfirmation(new OrderConfirmationMail(confirmed.OrderId, confirmed.Items, confirmed.Total));
        state.State.ConfirmationSent = true;
        await state.WriteStateAsync();
    }
}
