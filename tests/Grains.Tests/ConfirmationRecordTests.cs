using Shop.Grains.Notifications;
using Shop.Notifications;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// A confirmation is answered once the e-mail is out, not once its record is stored: the mailer's
/// delivery waits for that answer, and deliveries held for the record's interval came in bursts.
/// The records of a user's sends within Shop:Email:RecordInterval share one write, and a repeat is
/// recognised while its record waits. A cluster of its own, with an interval long enough that "not
/// recorded yet" holds while the test looks.
/// </summary>
public sealed class ConfirmationRecordTests : IAsyncLifetime
{
    private ShopTestCluster _shop = null!;

    public async ValueTask InitializeAsync() => _shop = await ShopTestCluster.StartAsync(silos: 1, new Dictionary<string, string?>
    {
        ["Shop:Email:RecordInterval"] = "00:00:04",
    });

    public async ValueTask DisposeAsync() => await _shop.DisposeAsync();

    [Fact]
    public async Task A_confirmation_is_answered_once_sent_and_listed_once_its_shared_record_is_stored()
    {
        var client = _shop.Client;
        var user = await TestData.NewUser(client);
        var grain = client.GetGrain<INotificationGrain>(user);
        var items = new[] { new OrderLine("SKU-1", 1, 2m) };
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        // The first record is written at once; the next write waits until the interval has passed.
        Assert.True(await grain.SendOrderConfirmation(new OrderConfirmationMail(first, items, 2m)));
        await Eventually.Until(grain.GetAll, all => all.Count == 1, "the first send to be listed");

        Assert.True(await grain.SendOrderConfirmation(new OrderConfirmationMail(second, items, 2m)));
        Assert.True(await grain.SendOrderConfirmation(new OrderConfirmationMail(third, items, 2m)));
        foreach (var order in new[] { second, third })
        {
            Assert.True(File.Exists(Path.Combine(_shop.MailDirectory,
                PickupFolderEmailSender.FileName(NotificationGrain.MessageId(NotificationKinds.OrderConfirmation, order)))));
        }

        // Answered, and not recorded yet: had the answers waited for the record, both would be listed.
        Assert.Equal([first], (await grain.GetAll()).Select(n => n.OrderId!.Value));
        // A repeat meanwhile is recognised and sends nothing.
        Assert.False(await grain.SendOrderConfirmation(new OrderConfirmationMail(second, items, 2m)));

        // Both records come in one write: the listing shows neither before the other.
        var listed = await Eventually.Until(grain.GetAll, all => all.Count > 1, "the next write of the record");
        Assert.Equal(new HashSet<Guid> { first, second, third }, listed.Select(n => n.OrderId!.Value).ToHashSet());
        Assert.Single(Directory.GetFiles(_shop.MailDirectory, PickupFolderEmailSender.FileName(
            NotificationGrain.MessageId(NotificationKinds.OrderConfirmation, second))));
    }
}
