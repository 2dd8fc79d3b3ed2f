using MimeKit;

namespace Shop.Grains.Notifications;

/// <summary>Delivers an e-mail. SMTP when configured, a pickup folder of .eml files otherwise.</summary>
public interface IEmailSender
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default);
}
