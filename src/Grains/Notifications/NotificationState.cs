using Shop.Notifications;

namespace Shop.Grains.Notifications;

[GenerateSerializer, Alias("Shop.Grains.Notifications.NotificationState")]
public sealed class NotificationState
{
    /// <summary>E-mails sent, oldest first. The record id is "kind:order id", the idempotency key.</summary>
    [Id(0)] public List<NotificationRecord> Sent { get; set; } = [];
}
