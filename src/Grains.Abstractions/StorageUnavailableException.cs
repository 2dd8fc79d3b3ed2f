namespace Shop;

/// <summary>
/// A grain call failed because a service's database did not answer. Raised by the silo in place of
/// the driver's exception, which Orleans cannot serialize (the caller got a CodecNotFoundException
/// instead, and the silo logged a serialization error for every such call, as the chaos run showed);
/// it names no server, query or credential.
/// </summary>
[GenerateSerializer, Alias("Shop.StorageUnavailableException")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message) : base(message) { }
}
