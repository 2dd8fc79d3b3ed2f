using Shop.Notifications;

namespace Shop.Grains.Notifications;

[GenerateSerializer, Alias("Shop.Grains.Notifications.NotificationState")]
public sealed class NotificationState
{
    /// <summary>
    /// The latest e-mails sent (at most <see cref="NotificationGrain.Kept"/>), oldest first. The record
    /// id is "kind:order id": a repeat of a recent send is recognised by it.
    /// </summary>
    [Id(0)] public List<NotificationRecord> Sent { get; set; } = [];
}
