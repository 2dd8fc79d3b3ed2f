using Orleans.Storage;

namespace Shop.Silo.Hosting;

/// <summary>
/// How every grain storage of the silo turns a state into bytes: Orleans' binary serializer (version
/// tolerant through [Id]/[Alias], unlike the default JSON one whose "$type" breaks when a type is
/// renamed, and which cost most of the silo's CPU per order in the benchmark), with one addition: a
/// state that <see cref="FailureAwareGrainStorage"/> has already serialized passes through unchanged,
/// so each write serializes its state once.
/// </summary>
public static class GrainStateSerialization
{
    /// <summary>The serializer of a storage provider's options and of the failure-aware wrapper around it: both must write the same bytes.</summary>
    public static IGrainStorageSerializer Create(IServiceProvider services) =>
        new PassingSerializedStates(ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services));

    private sealed class PassingSerializedStates(IGrainStorageSerializer inner) : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => input is SerializedGrainState serialized ? serialized.Data : inner.Serialize(input);

        public T Deserialize<T>(BinaryData input) => inner.Deserialize<T>(input)!;
    }
}

/// <summary>A grain state already in the bytes its storage keeps (what <see cref="GrainStateSerialization"/> writes for it).</summary>
public sealed record SerializedGrainState(BinaryData Data);
