namespace Shop;

/// <summary>
/// A grain call failed because a service's database did not answer. Raised by the silo in place of
/// the driver's exception, which Orleans cannot serialize (the caller got a CodecNotFoundException
/// instead, and the silo logged a serialization error for every such call, as the chaos run showed);
/// it names no server, query or credential. An <see cref="OrleansException"/>, so that Orleans' storage
/// bridge passes it on as it is instead of wrapping it in a message that prints the whole chain.
/// </summary>
[GenerateSerializer, Alias("Shop.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException(string message) : base(message) { }
}
