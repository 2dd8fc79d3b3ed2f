using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;
using Shop.Grains.Orders;
using Shop.Silo.Hosting;

namespace Shop.Grains.Tests;

/// <summary>
/// A reentrant grain changes its state while its write is in flight (group commit); the ADO.NET
/// provider serializes the state late, off the grain's scheduler. The storage wrapper therefore
/// writes a copy taken when the write was asked for.
/// </summary>
public sealed class StorageSnapshotTests
{
    private static readonly DeepCopier Copier = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<DeepCopier>();

    [Fact]
    public async Task A_write_stores_the_state_as_it_was_asked_for_while_the_grain_keeps_changing_it()
    {
        var late = new LateSerializingStorage();
        var storage = new FailureAwareGrainStorage("orders", late, new NoGrainContext(), Copier, NullLogger<FailureAwareGrainStorage>.Instance);
        var state = new GrainState<UserOrdersState>(new UserOrdersState(), "etag-1");
        var first = Guid.NewGuid();
        state.State!.Orders.Add(new UserOrderEntry(first, DateTimeOffset.UnixEpoch));

        var write = storage.WriteStateAsync("user-orders", GrainId.Create("userorders", "u"), state);
        // The next call of the reentrant grain, while the write waits for its connection.
        state.State.Orders.Add(new UserOrderEntry(Guid.NewGuid(), DateTimeOffset.UnixEpoch));
        late.Connected.SetResult();
        await write;

        Assert.Equal([first], late.Written!.Orders.Select(o => o.OrderId));
        Assert.Equal(2, state.State.Orders.Count);
        Assert.Equal("etag-2", state.ETag);
        Assert.True(state.RecordExists);
    }

    /// <summary>Like the ADO.NET provider: awaits its connection first, then reads the state it was given.</summary>
    private sealed class LateSerializingStorage : IGrainStorage
    {
        public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public UserOrdersState? Written { get; private set; }

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await Connected.Task;
            Written = Copier.Copy((UserOrdersState)(object)grainState.State!);
            grainState.ETag = "etag-2";
            grainState.RecordExists = true;
        }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
    }

    private sealed class NoGrainContext : IGrainContextAccessor
    {
        public IGrainContext GrainContext => null!;
    }
}
