using System.ComponentModel.DataAnnotations;

namespace Shop.Grains.Notifications;

/// <summary>Configuration section "Shop:Email".</summary>
public sealed class EmailOptions
{
    public const string Section = "Shop:Email";

    [Required]
    public string From { get; set; } = "Orleans.Shop <no-reply@shop.local>";

    /// <summary>Folder the pickup sender writes .eml files to (relative paths are under the content root).</summary>
    [Required]
    public string PickupDirectory { get; set; } = ".data/mail";

    /// <summary>
    /// The shortest time between two "someone tried to sign up with your address" e-mails to one
    /// user: a stranger repeating a sign-up cannot flood the owner's inbox.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan SignUpAttemptNoticeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The shortest time between two writes of one user's record of sends: the sends of a user that
    /// come within this time share one write instead of a write each (with 0, only sends that meet a
    /// write in flight share it). Nobody waits for the record: a send is answered once the e-mail is
    /// out. A silo crash before the record is stored means a repeat of the event sends again under
    /// the same Message-Id, as a crash between a send and its write always could; and the listing
    /// (GET /api/users/me/notifications) shows a send once its record is stored.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan RecordInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>When set, e-mails go to this SMTP server instead of the pickup folder.</summary>
    public string? SmtpHost { get; set; }
    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;
    public bool SmtpStartTls { get; set; } = true;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
}
