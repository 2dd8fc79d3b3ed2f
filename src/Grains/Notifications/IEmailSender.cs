using MimeKit;

namespace Shop.Grains.Notifications;

/// <summary>
/// Delivers an e-mail. SMTP when configured, a pickup folder of .eml files otherwise. Every message
/// carries a Message-Id derived from what it is about (<see cref="NotificationGrain"/>), so a send
/// repeated after a crash or a storage conflict is recognisable: the pickup folder keeps one file per
/// Message-Id, and a receiving mail system drops the duplicate by the same header.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default);
}
