using Shop.Grains.Security;
using System.Globalization;
using MimeKit;
using Shop.Notifications;
using Shop.Users;

namespace Shop.Grains.Notifications;

/// <summary>
/// The e-mails of one user. Sends are serialized per user by the grain and keyed by (kind, order id),
/// so a repeated request for a recent send finds the record and sends nothing. Only the latest
/// <see cref="Kept"/> records are kept: the state is written on every send, and a list that grows
/// with every order a user ever placed made each write slower than the last.
/// </summary>
public sealed class NotificationGrain(
    [PersistentState("notifications", StorageNames.Notifications)] IPersistentState<NotificationState> state,
    IEmailSender sender,
    EmailOptions options,
    ShopMetrics metrics,
    TimeProvider clock) : Grain, INotificationGrain
{
    /// <summary>How many e-mails the grain remembers (and GET /api/users/me/notifications lists).</summary>
    public const int Kept = 100;

    public async Task<bool> SendOrderConfirmation(OrderConfirmationMail mail)
    {
        var id = $"{NotificationKinds.OrderConfirmation}:{mail.OrderId}";
        if (state.State.Sent.Exists(n => n.Id == id))
        {
            return false;
        }

        var user = await GrainFactory.GetGrain<IUserGrain>(this.GetPrimaryKey()).GetProfile()
            ?? throw new InvalidOperationException($"User {this.GetPrimaryKey()} does not exist.");
        var subject = $"Your order {mail.OrderId:N} is confirmed";

        await sender.SendAsync(Compose(user, subject, mail, MessageId(NotificationKinds.OrderConfirmation, mail.OrderId)));
        metrics.EmailsSent.Add(1);

        var sent = state.State.Sent;
        sent.Add(new NotificationRecord(id, NotificationKinds.OrderConfirmation, subject, mail.OrderId, clock.GetUtcNow()));
        if (sent.Count > Kept)
        {
            sent.RemoveRange(0, sent.Count - Kept);
        }

        await state.WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<NotificationRecord>> GetAll() =>
        Task.FromResult<IReadOnlyList<NotificationRecord>>(VerifiedCaller.MayAccess(this.GetPrimaryKey())
            ? [.. state.State.Sent.AsEnumerable().Reverse()]
            : []);

    /// <summary>The same for every send of the same notification, so repeats are recognised (see <see cref="IEmailSender"/>).</summary>
    public static string MessageId(string kind, Guid orderId) => $"{kind}.{orderId:N}@orleans-shop";

    private MimeMessage Compose(UserProfile user, string subject, OrderConfirmationMail mail, string messageId)
    {
        var message = new MimeMessage { MessageId = messageId };
        message.From.Add(MailboxAddress.Parse(options.From));
        message.To.Add(new MailboxAddress(user.Name, user.Email));
        message.Subject = subject;
        var lines = string.Join('\n', mail.Items.Select(l =>
            string.Create(CultureInfo.InvariantCulture, $"  {l.Quantity} x {l.Sku} at {l.UnitPrice:0.00}")));
        message.Body = new TextPart("plain")
        {
            Text = string.Create(CultureInfo.InvariantCulture,
                $"Hello {user.Name},\n\nyour order {mail.OrderId} is confirmed:\n{lines}\n\nTotal: {mail.Total:0.00}\n\nOrleans.Shop\n"),
        };
        return message;
    }
}
