using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Shop.Grains.Notifications;
using Shop.Notifications;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// A send repeated after a crash or a lost state write (the chaos run found two e-mails for one
/// order that way) must not deliver a second e-mail: delivery is keyed by the Message-Id.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EmailDeliveryTests(ClusterFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("shop-mail-").FullName;

    private PickupFolderEmailSender Sender() => new(_folder, NullLogger<PickupFolderEmailSender>.Instance);

    private static MimeMessage Message(string messageId, string body = "hello") => new()
    {
        MessageId = messageId,
        From = { MailboxAddress.Parse("shop@example.com") },
        To = { MailboxAddress.Parse("ada@example.com") },
        Subject = "Test",
        Body = new TextPart("plain") { Text = body },
    };

    [Fact]
    public async Task Repeating_a_send_of_the_same_message_delivers_one_email()
    {
        await Sender().SendAsync(Message("order-confirmation.1@orleans-shop", "first"));
        await Sender().SendAsync(Message("order-confirmation.1@orleans-shop", "second"));
        await Sender().SendAsync(Message("order-confirmation.2@orleans-shop"));

        var files = Directory.GetFiles(_folder);
        Assert.Equal(2, files.Length);
        Assert.Contains("first", File.ReadAllText(Path.Combine(_folder, PickupFolderEmailSender.FileName("order-confirmation.1@orleans-shop"))));
    }

    [Fact]
    public async Task Concurrent_sends_of_the_same_message_deliver_one_email_and_leave_no_temporary_file()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Sender().SendAsync(Message("same@orleans-shop", $"copy {i}")))));

        var file = Assert.Single(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
        Assert.EndsWith(".eml", file);
    }

    [Fact]
    public void Message_ids_become_safe_file_names()
    {
        Assert.Equal("a_b.c-d_e_.eml", PickupFolderEmailSender.FileName("a/b.c-d@e>"));
    }

    [Fact]
    public async Task A_confirmation_email_carries_a_message_id_derived_from_its_order()
    {
        var client = fixture.Client;
        var user = await TestData.NewUser(client);
        var sku = await TestData.NewProduct(client, stock: 3);
        var id = Guid.NewGuid();
        await client.GetGrain<IOrderGrain>(id).Place(TestData.Order(user, (sku, 1)));
        Assert.Equal(OrderStatus.Confirmed, (await TestData.Settled(client, id))!.Status);

        var messageId = NotificationGrain.MessageId(NotificationKinds.OrderConfirmation, id);
        var path = Path.Combine(fixture.Shop.MailDirectory, PickupFolderEmailSender.FileName(messageId));
        var file = await Eventually.Until(() => Task.FromResult(File.Exists(path)), exists => exists, "the confirmation e-mail");
        Assert.True(file);
        Assert.Equal(messageId, (await MimeMessage.LoadAsync(path)).MessageId);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
