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
/// serializes the state when the write is asked for, and the provider writes those bytes as they are:
/// the same bytes Orleans' serializer writes for the state, so states stored before keep loading.
/// </summary>
public sealed class StorageSnapshotTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private static readonly IGrainStorageSerializer Serializer = GrainStateSerialization.Create(Services);

    [Fact]
    public async Task A_write_stores_the_state_as_it_was_asked_for_while_the_grain_keeps_changing_it()
    {
        var late = new LateSerializingStorage();
        var storage = new FailureAwareGrainStorage("orders", late, new NoGrainContext(), Serializer, NullLogger<FailureAwareGrainStorage>.Instance);
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

    [Fact]
    public async Task A_write_stores_the_bytes_orleans_serializer_writes_for_the_state()
    {
        var late = new LateSerializingStorage();
        var storage = new FailureAwareGrainStorage("orders", late, new NoGrainContext(), Serializer, NullLogger<FailureAwareGrainStorage>.Instance);
        var state = new GrainState<UserOrdersState>(new UserOrdersState(), null);
        state.State!.Orders.Add(new UserOrderEntry(Guid.NewGuid(), DateTimeOffset.UnixEpoch) { Lines = [new("KB-001", 2, 49.5m)] });
        state.State.Open.Add(state.State.Orders[0].OrderId);

        late.Connected.SetResult();
        await storage.WriteStateAsync("user-orders", GrainId.Create("userorders", "u"), state);

        var plain = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(Services);
        Assert.Equal(plain.Serialize(state.State).ToArray(), late.Bytes!.ToArray());
    }

    /// <summary>Like the ADO.NET provider: awaits its connection first, then serializes the state it was given with its configured serializer.</summary>
    private sealed class LateSerializingStorage : IGrainStorage
    {
        public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public BinaryData? Bytes { get; private set; }
        public UserOrdersState? Written { get; private set; }

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await Connected.Task;
            Bytes = Serializer.Serialize(grainState.State);
            Written = Serializer.Deserialize<UserOrdersState>(Bytes);
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
