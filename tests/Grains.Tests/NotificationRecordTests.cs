using Orleans.Storage;
using Shop.Grains.Notifications;
using Shop.Notifications;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// The record of a user's e-mails is stored compactly (order id and time); a record stored by the
/// code before, with its id and subject strings, still loads, still stops repeats, and is rewritten
/// in the new form.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NotificationRecordTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private IGrainStorage Storage => fixture.Shop.Storage(StorageNames.Notifications);

    [Fact]
    public async Task A_record_stored_by_the_earlier_code_is_listed_stops_a_repeat_and_is_rewritten_compactly()
    {
        var user = await TestData.NewUser(_client);
        var earlier = Guid.NewGuid();
        var sentAt = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var grainId = _client.GetGrain<INotificationGrain>(user).GetGrainId();
        await Storage.WriteStateAsync("notifications", grainId, new GrainState<NotificationState>(new NotificationState
        {
            Sent = [new NotificationRecord($"{NotificationKinds.OrderConfirmation}:{earlier}", NotificationKinds.OrderConfirmation,
                $"Your order {earlier:N} is confirmed", earlier, sentAt)],
        }));

        var grain = _client.GetGrain<INotificationGrain>(user);
        var listed = Assert.Single(await grain.GetAll());
        Assert.Equal(new NotificationRecord($"{NotificationKinds.OrderConfirmation}:{earlier}", NotificationKinds.OrderConfirmation,
            $"Your order {earlier:N} is confirmed", earlier, sentAt), listed);

        var items = new[] { new OrderLine("SKU-1", 1, 2m) };
        Assert.False(await grain.SendOrderConfirmation(new OrderConfirmationMail(earlier, items, 2m)));
        var later = Guid.NewGuid();
        Assert.True(await grain.SendOrderConfirmation(new OrderConfirmationMail(later, items, 2m)));
        // Listed once its record is stored (the send is answered before that).
        var listing = await Eventually.Until(grain.GetAll, all => all.Count == 2, "the later send to be listed");
        Assert.Equal([later, earlier], listing.Select(n => n.OrderId!.Value));

        var stored = await Storage.Stored<NotificationState>("notifications", grainId);
        var state = stored.State!;
        Assert.Empty(state.Sent);
        Assert.Equal([earlier, later], state.Confirmations.Select(c => c.OrderId));
        Assert.Equal(sentAt, state.Confirmations[0].SentAt);
    }
}
