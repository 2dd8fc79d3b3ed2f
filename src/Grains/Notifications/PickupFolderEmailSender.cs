using Microsoft.Extensions.Logging;
using MimeKit;

namespace Shop.Grains.Notifications;

/// <summary>
/// Writes each message as an RFC 5322 .eml file, the way a mail server's pickup directory works.
/// The file is named after the Message-Id, and a message whose file exists is not written again: the
/// notification grain records a send only after it happened, so a crash or a lost write in between
/// repeats the send (found by the chaos run), and this is where the repeat becomes harmless.
/// </summary>
public sealed class PickupFolderEmailSender(string directory, ILogger<PickupFolderEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        var messageId = message.MessageId ?? throw new ArgumentException("A message needs a Message-Id: delivery is keyed by it.", nameof(message));
        var path = Path.Combine(directory, FileName(messageId));

        // Written under a temporary name and renamed, so a reader never sees half a message; the
        // rename refuses to replace, so of two concurrent sends exactly one lands. No existence check
        // first: repeats are rare, and every send paid for the check (and for creating the folder)
        // in file system calls, which a profile of the order flow put at a tenth of the silo's CPU.
        var temporary = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await WriteNew(message, temporary, cancellationToken);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(directory);
            await WriteNew(message, temporary, cancellationToken);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            logger.LogInformation("E-mail {MessageId} was already delivered to {Path}; not written again", messageId, path);
            return;
        }

        logger.LogInformation("E-mail '{Subject}' to {To} written to {Path}", message.Subject, message.To, path);
    }

    /// <summary>
    /// Writes the message to a file that must not exist yet. Not MimeKit's WriteToAsync(path): that
    /// opens with truncation, and ext4 flushes a file truncated and rewritten when it is closed (its
    /// safeguard for replace-by-truncate), which made close() the silo's costliest system call.
    /// </summary>
    private static async Task WriteNew(MimeMessage message, string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 16 * 1024, useAsync: false);
        await message.WriteToAsync(file, cancellationToken);
    }

    /// <summary>The Message-Id with anything but letters, digits, dots and dashes replaced: a safe, stable file name.</summary>
    public static string FileName(string messageId) =>
        string.Concat(messageId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')) + ".eml";
}
