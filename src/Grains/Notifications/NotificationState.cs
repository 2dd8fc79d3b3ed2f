using Shop.Notifications;

namespace Shop.Grains.Notifications;

[GenerateSerializer, Alias("Shop.Grains.Notifications.NotificationState")]
public sealed class NotificationState
{
    /// <summary>
    /// The e-mails as the code before <see cref="Confirmations"/> stored them (with their id and
    /// subject strings, which made each write of a user's record about five times dearer). Read on
    /// activation into <see cref="Confirmations"/> and emptied by the next write.
    /// </summary>
    [Id(0)] public List<NotificationRecord> Sent { get; set; } = [];

    /// <summary>
    /// The latest order confirmations sent (at most <see cref="NotificationGrain.Kept"/>), oldest
    /// first: only what cannot be derived (the record id, kind and subject follow from the order id).
    /// </summary>
    [Id(1)] public List<SentConfirmation> Confirmations { get; set; } = [];

    /// <summary>When the last "someone tried to sign up with your address" e-mail went out: they are rate-limited per user.</summary>
    [Id(2)] public DateTimeOffset? SignUpAttemptNoticedAt { get; set; }
}

/// <summary>An order confirmation e-mail that was sent, and when.</summary>
[GenerateSerializer, Immutable, Alias("Shop.Grains.Notifications.SentConfirmation")]
public readonly record struct SentConfirmation([property: Id(0)] Guid OrderId, [property: Id(1)] DateTimeOffset SentAt);
