using Microsoft.Extensions.Logging;
using MimeKit;

namespace Shop.Grains.Notifications;

/// <summary>Writes each message as an RFC 5322 .eml file, the way a mail server's pickup directory works.</summary>
public sealed class PickupFolderEmailSender(string directory, ILogger<PickupFolderEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        // Written under a temporary name and renamed, so a reader never sees half a message.
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, path);
        logger.LogInformation("E-mail '{Subject}' to {To} written to {Path}", message.Subject, message.To, path);
    }
}
