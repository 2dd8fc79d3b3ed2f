namespace Shop.Notifications;

/// <summary>The e-mails sent to one user, keyed by user id. Sends each (order, kind) at most once.</summary>
[Alias("Shop.Notifications.INotificationGrain")]
public interface INotificationGrain : IGrainWithGuidKey
{
    /// <summary>Sends the confirmation e-mail of an order unless it was sent before. True when sent now.</summary>
    [Alias("SendOrderConfirmation")]
    Task<bool> SendOrderConfirmation(OrderConfirmationMail mail);

    /// <summary>The e-mails sent, newest first.</summary>
    [Alias("GetAll")]
    Task<IReadOnlyList<NotificationRecord>> GetAll();
}

[GenerateSerializer, Immutable, Alias("Shop.Notifications.OrderConfirmationMail")]
public sealed record OrderConfirmationMail(
    [property: Id(0)] Guid OrderId,
    [property: Id(1)] IReadOnlyList<Shop.Orders.OrderLine> Items,
    [property: Id(2)] decimal Total)
{
    /// <summary>The addressee carried by the event; null for events of earlier versions (the grain then reads the user's profile).</summary>
    [Id(3)]
    public Shop.Orders.Recipient? Recipient { get; init; }
}

[GenerateSerializer, Immutable, Alias("Shop.Notifications.NotificationRecord")]
public sealed record NotificationRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Subject,
    [property: Id(3)] Guid? OrderId,
    [property: Id(4)] DateTimeOffset SentAt);

public static class NotificationKinds
{
    public const string OrderConfirmation = "order-confirmation";
}
