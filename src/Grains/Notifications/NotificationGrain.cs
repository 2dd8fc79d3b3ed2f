using Shop.Grains.Security;
using System.Globalization;
using MimeKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Shop.Grains.Storage;
using Shop.Notifications;
using Shop.Orders;
using Shop.Users;

namespace Shop.Grains.Notifications;

/// <summary>
/// The e-mails of one user. Sends are keyed by (kind, order id): a repeated request for a recent or
/// an in-flight send sends nothing. A send is answered once the e-mail is out; its record follows,
/// group-committed at most every <see cref="EmailOptions.RecordInterval"/> (the grain is reentrant,
/// so a user's confirmations within that time share one write), and is listed once stored.
/// <para>
/// Why the answer does not wait for the record: the mailer's delivery waits for the answer, and
/// held for the interval, each partition's deliveries came once a second with a second's e-mails
/// at once (one bench pair showed a higher p99 of accept-to-confirm with that; a second pair could
/// not tell the difference). The record only recognises repeats; the e-mail, the effect, is out
/// before the answer either way, so nothing needs to wait. A record lost
/// with a crash before its write means that a repeat sends again under the same Message-Id (which
/// the pickup folder and mail systems drop), as a crash between a send and its write always could.
/// </para>
/// Only the latest <see cref="Kept"/> records are kept, each as an order id and a time: every
/// write rewrites the record, and a profile of the order flow found the strings of a fuller record
/// (id, subject) to be the silo's largest single cost.
/// </summary>
[Reentrant]
public sealed class NotificationGrain : Grain, INotificationGrain
{
    /// <summary>How many e-mails the grain remembers (and GET /api/users/me/notifications lists).</summary>
    public const int Kept = 100;

    private readonly IPersistentState<NotificationState> _state;
    private readonly IEmailSender _sender;
    private readonly EmailOptions _options;
    private readonly ShopMetrics _metrics;
    private readonly TimeProvider _clock;
    private readonly ILogger<NotificationGrain> _logger;
    private readonly GroupCommit _commit;
    // Sends under way, by order id: a concurrent repeat waits for the same send instead of sending again.
    private readonly Dictionary<Guid, Task<bool>> _sending = [];
    // The sends as last stored: what GetAll answers.
    private IReadOnlyList<SentConfirmation> _stored = [];

    public NotificationGrain(
        [PersistentState("notifications", StorageNames.Notifications)] IPersistentState<NotificationState> state,
        IEmailSender sender,
        IOptions<EmailOptions> options,
        ShopMetrics metrics,
        TimeProvider clock,
        ILogger<NotificationGrain> logger)
    {
        _logger = logger;
        _state = state;
        _sender = sender;
        _options = options.Value;
        _metrics = metrics;
        _clock = clock;
        _commit = new GroupCommit(Write, _options.RecordInterval, clock);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var state = _state.State;
        if (state.Sent.Count > 0)
        {
            // Stored by the code before compact records: taken over, and dropped by the next write.
            var legacy = state.Sent.Where(n => n is { Kind: NotificationKinds.OrderConfirmation, OrderId: not null })
                .Select(n => new SentConfirmation(n.OrderId!.Value, n.SentAt));
            state.Confirmations = [.. legacy.Concat(state.Confirmations).DistinctBy(c => c.OrderId).TakeLast(Kept)];
            state.Sent = [];
        }

        _stored = [.. state.Confirmations];
        return Task.CompletedTask;
    }

    public Task<bool> SendOrderConfirmation(OrderConfirmationMail mail)
    {
        if (_sending.TryGetValue(mail.OrderId, out var underway))
        {
            return underway;
        }

        if (_state.State.Confirmations.Exists(c => c.OrderId == mail.OrderId))
        {
            // Sent before (its record made after the send, stored or about to be): nothing to do.
            return Task.FromResult(false);
        }

        var send = Send(mail);
        if (!send.IsCompleted)
        {
            _sending[mail.OrderId] = send;
        }

        return send;
    }

    private async Task<bool> Send(OrderConfirmationMail mail)
    {
        try
        {
            var recipient = mail.Recipient ?? await LookUpRecipient();
            await _sender.SendAsync(Compose(recipient, ConfirmationSubject(mail.OrderId), mail, MessageId(NotificationKinds.OrderConfirmation, mail.OrderId)));

            var sent = _state.State.Confirmations;
            sent.Add(new SentConfirmation(mail.OrderId, _clock.GetUtcNow()));
            if (sent.Count > Kept)
            {
                sent.RemoveRange(0, sent.Count - Kept);
            }

            _metrics.EmailsSent.Add(1);
            _ = Record(mail.OrderId);
            return true;
        }
        finally
        {
            _sending.Remove(mail.OrderId);
        }
    }

    /// <summary>Stores the record of a send made. A failed write discards the activation (the silo's storage does), and a repeat then sends again.</summary>
    private async Task Record(Guid orderId)
    {
        try
        {
            await _commit.Commit();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "The record of the confirmation e-mail of order {OrderId} was not stored; the e-mail was sent, and a repeat would send it again under the same Message-Id", orderId);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            // A record still waiting for its interval is stored before the activation goes.
            await _commit.WhenStored();
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Deactivating with a record that was not stored");
        }
    }

    public async Task<bool> NoticeSignUpAttempt()
    {
        var now = _clock.GetUtcNow();
        if (_state.State.SignUpAttemptNoticedAt is { } last && now - last < _options.SignUpAttemptNoticeInterval)
        {
            return false;
        }

        // Taken before the send, in this turn: concurrent attempts (the grain is reentrant) send one.
        var previous = _state.State.SignUpAttemptNoticedAt;
        _state.State.SignUpAttemptNoticedAt = now;
        try
        {
            await SendSignUpAttemptNotice(now);
        }
        catch
        {
            // Not sent: the next attempt may send it.
            _state.State.SignUpAttemptNoticedAt = previous;
            throw;
        }

        // Stored, so that a reactivated grain does not send another within the interval.
        await _commit.Commit();
        _metrics.EmailsSent.Add(1);
        return true;
    }

    public const string SignUpAttemptSubject = "Someone tried to sign up with your e-mail address";

    private async Task SendSignUpAttemptNotice(DateTimeOffset now)
    {
        var recipient = await LookUpRecipient();
        var at = now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var text = $"Hello {recipient.Name},\n\nsomeone tried to create an Orleans.Shop account with this e-mail address at {at} UTC. " +
            "You already have one, so nothing was created and nothing about your account changed.\n\n" +
            "If it was you, sign in with your password. If it was not, you need do nothing; if you think someone knows your " +
            "password, change it (this also signs out every session).\n\nOrleans.Shop\n";
        await _sender.SendAsync(Message(recipient, SignUpAttemptSubject,
            $"{NotificationKinds.SignUpAttempt}.{this.GetPrimaryKey():N}.{now.ToUnixTimeSeconds()}@orleans-shop", text));
    }

    /// <summary>The account's address and name: for a sign-up attempt, and for events stored before the recipient was carried.</summary>
    private async Task<Recipient> LookUpRecipient()
    {
        var user = await GrainFactory.GetGrain<IUserGrain>(this.GetPrimaryKey()).GetProfile()
            ?? throw new InvalidOperationException($"User {this.GetPrimaryKey()} does not exist.");
        return new Recipient(user.Email, user.Name);
    }

    public Task<IReadOnlyList<NotificationRecord>> GetAll() =>
        Task.FromResult<IReadOnlyList<NotificationRecord>>(VerifiedCaller.MayAccess(this.GetPrimaryKey())
            ? [.. _stored.Reverse().Select(ToRecord)]
            : []);

    private static NotificationRecord ToRecord(SentConfirmation sent) =>
        new($"{NotificationKinds.OrderConfirmation}:{sent.OrderId}", NotificationKinds.OrderConfirmation,
            ConfirmationSubject(sent.OrderId), sent.OrderId, sent.SentAt);

    private static string ConfirmationSubject(Guid orderId) => $"Your order {orderId:N} is confirmed";

    /// <summary>The same for every send of the same notification, so repeats are recognised (see <see cref="IEmailSender"/>).</summary>
    public static string MessageId(string kind, Guid orderId) => $"{kind}.{orderId:N}@orleans-shop";

    private async Task Write()
    {
        IReadOnlyList<SentConfirmation> records = [.. _state.State.Confirmations];
        await _state.WriteStateAsync();
        _stored = records;
    }

    private MimeMessage Compose(Recipient recipient, string subject, OrderConfirmationMail mail, string messageId)
    {
        var lines = string.Join('\n', mail.Items.Select(l =>
            string.Create(CultureInfo.InvariantCulture, $"  {l.Quantity} x {l.Sku} at {l.UnitPrice:0.00}")));
        return Message(recipient, subject, messageId, string.Create(CultureInfo.InvariantCulture,
            $"Hello {recipient.Name},\n\nyour order {mail.OrderId} is confirmed:\n{lines}\n\nTotal: {mail.Total:0.00}\n\nOrleans.Shop\n"));
    }

    /// <summary>A plain-text e-mail from the shop to <paramref name="recipient"/>.</summary>
    private MimeMessage Message(Recipient recipient, string subject, string messageId, string text)
    {
        var message = new MimeMessage { MessageId = messageId };
        message.From.Add(MailboxAddress.Parse(_options.From));
        message.To.Add(new MailboxAddress(recipient.Name, recipient.Email));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }
}
