namespace Shop.Notifications;

/// <summary>The e-mails sent to one user, keyed by user id. Sends each (order, kind) at most once.</summary>
[Alias("Shop.Notifications.INotificationGrain")]
public interface INotificationGrain : IGrainWithGuidKey
{
    /// <summary>Sends the confirmation e-mail of an order unless it was sent before. True when sent now.</summary>
    [Alias("SendOrderConfirmation")]
    Task<bool> SendOrderConfirmation(OrderConfirmationMail mail);

    /// <summary>
    /// Tells the user by e-mail that someone tried to sign up with their address (the sign-up was
    /// answered as any other, so the address's account is not revealed; the owner hears of it).
    /// At most one such e-mail per <c>Shop:Email:SignUpAttemptNoticeInterval</c>, so repeated tries
    /// cannot flood the owner's inbox. True when an e-mail was sent now. The sign-up does not wait for
    /// it (it would take longer than a new account's and so tell one from the other).
    /// </summary>
    [Alias("NoticeSignUpAttempt")]
    Task<bool> NoticeSignUpAttempt();

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
    public const string SignUpAttempt = "sign-up-attempt";
}
