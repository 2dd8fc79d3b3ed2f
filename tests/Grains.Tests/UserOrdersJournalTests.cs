using Orleans.Storage;
using Shop.Grains.Orders;
using Shop.Orders;
using Shop.TestSupport;

namespace Shop.Grains.Tests;

/// <summary>
/// A user's order index stores each admission in its journal and rewrites the index itself (the
/// latest 100 entries with their lines) only once the journal holds 16 entries; an activation puts
/// the two together again, whatever write the last one reached.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UserOrdersJournalTests(ClusterFixture fixture)
{
    private const int JournalEntries = 16; // OrderOptions.IndexJournalEntries, the default the test hosts keep

    private readonly IClusterClient _client = fixture.Client;

    private IGrainStorage Storage => fixture.Shop.Storage(StorageNames.Orders);

    [Fact]
    public async Task An_admission_writes_only_the_journal_until_it_holds_16_entries_then_the_index_is_rewritten_beside_it()
    {
        var user = Guid.NewGuid();
        var index = _client.GetGrain<IUserOrdersGrain>(user);
        var ids = Enumerable.Range(0, JournalEntries + 1).Select(_ => Guid.NewGuid()).ToArray();
        var start = DateTimeOffset.UtcNow;

        for (var i = 0; i < JournalEntries - 1; i++)
        {
            await index.Admit(ids[i], start.AddMilliseconds(i), [new OrderLine("JOURNAL-SKU", 1, 1m)]);
        }

        Assert.Null((await ReadIndex(user)).ETag);
        Assert.Equal(ids.Take(JournalEntries - 1), (await ReadJournal(user)).State!.Added.Select(e => e.OrderId));

        await index.Admit(ids[JournalEntries - 1], start.AddMilliseconds(JournalEntries - 1), []);
        var rewritten = await ReadIndex(user);
        Assert.Equal(ids.Take(JournalEntries), rewritten.State!.Orders.Select(e => e.OrderId));
        // Written side by side with the journal write that stored the 16th admission.
        Assert.Equal([ids[JournalEntries - 1]], rewritten.State!.Unconfirmed);

        await index.Admit(ids[JournalEntries], start.AddMilliseconds(JournalEntries), []);
        Assert.Equal(ids.Skip(JournalEntries - 1), (await ReadJournal(user)).State!.Added.Select(e => e.OrderId));
        Assert.Equal(rewritten.ETag, (await ReadIndex(user)).ETag);
        Assert.Equal(ids.Reverse(), await index.GetRecent(100));
    }

    [Fact]
    public async Task A_reactivated_index_lists_the_orders_of_its_journal_and_of_the_index_once_each()
    {
        var user = Guid.NewGuid();
        var index = _client.GetGrain<IUserOrdersGrain>(user);
        var start = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 2 * JournalEntries + 3).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            Assert.Equal(OrderAdmission.Admitted, (await index.Admit(id, start.AddMilliseconds(i), [])).Outcome);
            // Settled at once: the index admits at most 20 Pending orders of a user.
            await index.Settled(id, OrderStatus.Confirmed);
        }

        await _client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var recent = await _client.GetGrain<IUserOrdersGrain>(user).GetRecent(100);
        Assert.Equal(ids.Reverse(), recent);
    }

    [Fact]
    public async Task An_entry_written_beside_a_journal_write_that_failed_is_dropped_on_activation()
    {
        var user = Guid.NewGuid();
        var (stored, failed) = (Guid.NewGuid(), Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;
        var grainId = _client.GetGrain<IUserOrdersGrain>(user).GetGrainId();
        // The index's write made it, the journal's beside it did not: only the first admission was stored.
        await Storage.WriteStateAsync("user-orders", grainId, new GrainState<UserOrdersState>(new UserOrdersState
        {
            Orders = [new UserOrderEntry(stored, now.AddSeconds(-2)), new UserOrderEntry(failed, now.AddSeconds(-1))],
            Unconfirmed = [failed],
        }));
        await Storage.WriteStateAsync("user-orders-journal", grainId, new GrainState<UserOrdersJournal>(new UserOrdersJournal
        {
            Added = [new UserOrderEntry(stored, now.AddSeconds(-2))],
        }));

        Assert.Equal([stored], await _client.GetGrain<IUserOrdersGrain>(user).GetRecent(10));
    }

    [Fact]
    public async Task An_index_stored_before_the_journal_hands_its_open_orders_and_records_to_the_journal()
    {
        var user = Guid.NewGuid();
        var old = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var record = new PlacedOrder(new OrderCreated(old, user, now.AddSeconds(-1), [new OrderLine("LEGACY-SKU", 1, 2m)], 2m), "fingerprint", null);
        var index = _client.GetGrain<IUserOrdersGrain>(user);
        await Storage.WriteStateAsync("user-orders", index.GetGrainId(), new GrainState<UserOrdersState>(new UserOrdersState
        {
            Orders = [new UserOrderEntry(old, now.AddSeconds(-1))],
            Open = [old],
            Placed = new() { [old] = record },
        }));

        var next = Guid.NewGuid();
        await index.Admit(next, now, []);

        var journal = (await ReadJournal(user)).State!;
        Assert.True(journal.Open.SetEquals([old, next]));
        Assert.Equal((old, "fingerprint", 2m), (journal.Placed[old].OrderId, journal.Placed[old].Fingerprint, journal.Placed[old].Created.Total));
        Assert.Equal([next, old], await index.GetRecent(10));
        // Once the journal holds them, the index's next write leaves its own copies out.
        await index.Admit(Guid.NewGuid(), now.AddMilliseconds(1), []);
        var rewritten = (await ReadIndex(user)).State!;
        Assert.Empty(rewritten.Open);
        Assert.Empty(rewritten.Placed);
        Assert.Equal(3, rewritten.Orders.Count);
    }

    private Task<GrainState<UserOrdersState>> ReadIndex(Guid user) =>
        Storage.Stored<UserOrdersState>("user-orders", _client.GetGrain<IUserOrdersGrain>(user).GetGrainId());

    private Task<GrainState<UserOrdersJournal>> ReadJournal(Guid user) => Storage.StoredJournal(_client, user);
}
