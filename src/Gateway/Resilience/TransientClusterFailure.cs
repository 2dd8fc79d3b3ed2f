using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Polly.Timeout;

namespace Shop.Gateway.Resilience;

/// <summary>
/// The failures a silo crash or a cluster re-forming causes, which an idempotent call may simply try
/// again: the attempt timed out (its silo died with the call), the target silo is unreachable or was
/// declared dead, a message was rejected while the directory moved, or a grain's write met a newer
/// version written by its new activation, or the cluster cancelled the call itself (a directory lookup
/// abandoned while its range changed owner; the callers check that it was not their own token). Not a storage outage (<see cref="StorageUnavailableException"/>:
/// retrying for seconds would only hold every request of an outage; it is answered 503 at once), not a
/// refusal of the cluster's policy, and never a client that went away.
/// </summary>
public static class TransientClusterFailure
{
    public static bool Is(Exception? exception) => exception is
        TimeoutRejectedException
        or TimeoutException
        or SiloUnavailableException
        or OrleansMessageRejectionException
        or ConnectionFailedException
        or InconsistentStateException
        or OperationCanceledException;
}
