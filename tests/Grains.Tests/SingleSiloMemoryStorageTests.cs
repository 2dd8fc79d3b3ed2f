using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Shop.Grains.Orders;
using Shop.Silo.Hosting;

namespace Shop.Grains.Tests;

/// <summary>
/// The embedded silo's in-process storage keeps the version rules the grains rely on in PostgreSQL:
/// a write must name the version it read, a first write must find nothing stored (a wrong
/// NewOrderHint overwrites nothing), and of two writers of one version only one succeeds.
/// </summary>
public sealed class SingleSiloMemoryStorageTests
{
    private const string StateName = "user-orders";
    private static readonly IServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private static readonly GrainId Grain = GrainId.Create("userorders", "u");

    private static SingleSiloMemoryStorage NewStorage() =>
        new(GrainStateSerialization.Create(Services), Services.GetRequiredService<IActivatorProvider>());

    private static GrainState<UserOrdersState> WithOrder(Guid orderId, string? eTag)
    {
        var state = new GrainState<UserOrdersState>(new UserOrdersState(), eTag);
        state.State!.Orders.Add(new UserOrderEntry(orderId, DateTimeOffset.UnixEpoch));
        return state;
    }

    private static async Task<GrainState<UserOrdersState>> Read(IGrainStorage storage, GrainId? grain = null)
    {
        var state = new GrainState<UserOrdersState>();
        await storage.ReadStateAsync(StateName, grain ?? Grain, state);
        return state;
    }

    [Fact]
    public async Task Nothing_stored_reads_as_a_new_state_without_a_version()
    {
        var read = await Read(NewStorage());

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.NotNull(read.State);
        Assert.Empty(read.State!.Orders);
    }

    [Fact]
    public async Task A_written_state_reads_back_with_its_new_version_and_only_under_its_own_name_and_grain()
    {
        var storage = NewStorage();
        var order = Guid.NewGuid();
        var written = WithOrder(order, eTag: null);

        await storage.WriteStateAsync(StateName, Grain, written);
        var read = await Read(storage);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal([order], read.State!.Orders.Select(o => o.OrderId));
        Assert.False((await Read(storage, GrainId.Create("userorders", "other"))).RecordExists);
        var otherName = new GrainState<UserOrdersState>();
        await storage.ReadStateAsync("other-state", Grain, otherName);
        Assert.False(otherName.RecordExists);
    }

    [Fact]
    public async Task A_write_naming_an_older_version_fails_and_leaves_the_stored_state()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync(StateName, Grain, WithOrder(Guid.NewGuid(), eTag: null));
        var version = (await Read(storage)).ETag;
        var newer = Guid.NewGuid();
        await storage.WriteStateAsync(StateName, Grain, WithOrder(newer, version));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain, WithOrder(Guid.NewGuid(), version)));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, Grain, WithOrder(Guid.NewGuid(), version)));

        Assert.Equal([newer], (await Read(storage)).State!.Orders.Select(o => o.OrderId));
    }

    [Fact]
    public async Task A_first_write_fails_when_a_state_is_already_stored()
    {
        var storage = NewStorage();
        var stored = Guid.NewGuid();
        await storage.WriteStateAsync(StateName, Grain, WithOrder(stored, eTag: null));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Grain, WithOrder(Guid.NewGuid(), eTag: null)));

        Assert.Equal([stored], (await Read(storage)).State!.Orders.Select(o => o.OrderId));
    }

    [Fact]
    public async Task A_cleared_state_reads_as_new_and_takes_a_first_write_again()
    {
        var storage = NewStorage();
        var written = WithOrder(Guid.NewGuid(), eTag: null);
        await storage.WriteStateAsync(StateName, Grain, written);

        await storage.ClearStateAsync(StateName, Grain, written);
        var cleared = await Read(storage);
        var again = Guid.NewGuid();
        await storage.WriteStateAsync(StateName, Grain, WithOrder(again, eTag: null));

        Assert.False(written.RecordExists);
        Assert.Empty(written.State!.Orders);
        Assert.False(cleared.RecordExists);
        Assert.Empty(cleared.State!.Orders);
        Assert.Equal([again], (await Read(storage)).State!.Orders.Select(o => o.OrderId));
    }

    [Fact]
    public async Task Of_many_writers_of_one_version_exactly_one_succeeds()
    {
        var storage = NewStorage();
        await storage.WriteStateAsync(StateName, Grain, WithOrder(Guid.NewGuid(), eTag: null));
        var version = (await Read(storage)).ETag;
        var writers = Enumerable.Range(0, 16).Select(_ => Guid.NewGuid()).ToArray();

        var outcomes = await Task.WhenAll(writers.Select(order => Task.Run(async () =>
        {
            try
            {
                await storage.WriteStateAsync(StateName, Grain, WithOrder(order, version));
                return order;
            }
            catch (InconsistentStateException)
            {
                return Guid.Empty;
            }
        })));

        var winner = Assert.Single(outcomes, o => o != Guid.Empty);
        Assert.Equal([winner], (await Read(storage)).State!.Orders.Select(o => o.OrderId));
    }
}
