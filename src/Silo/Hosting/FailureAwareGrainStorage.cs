using Orleans.Storage;
using Shop.Orders;

namespace Shop.Silo.Hosting;

/// <summary>
/// A service's grain storage with two rules for failures, so that no grain has to remember them:
/// <list type="number">
/// <item>A database error becomes a <see cref="StorageUnavailableException"/> where it happens. The call
/// filter (<see cref="StorageFailureTranslation"/>) sees only grain calls; a state read that fails while a
/// grain <em>activates</em> runs before any call, and Orleans rejected the waiting calls with the
/// driver's own exception, which it cannot serialize (the chaos run's silos logged a
/// CodecNotFoundException for each). The exception raised here carries no server, query or
/// credential: those go to the silo's log.</item>
/// <item>After a failed write or clear, whatever the cause (outage, version conflict), the activation is
/// discarded. Its state in memory already holds the change that was not stored; kept, the next call
/// would build on it (a restock answered 503 showed up later in the stock). The next call activates
/// the grain afresh from what is stored.</item>
/// </list>
/// And one rule for what is written: the state as it was when the write was asked for. The grains
/// that group-commit are reentrant and change their state while a write is in flight; the ADO.NET
/// provider serializes the state only after it has opened its connection, off the grain's scheduler,
/// so it read a list that a later call was changing ("Collection was modified", a user's order
/// answered 503 in the durable bench at 280 orders/s). The state is therefore serialized here, before
/// anything else can run, and the provider writes those bytes (<see cref="GrainStateSerialization"/>
/// passes them through); only the ETag comes back. That is one walk over the state per write: the deep
/// copy it replaces, which the provider then serialized, was a second (the copy alone 1.9 % of the
/// silo's CPU in a profile of the embedded order flow, plus its allocations).
/// </summary>
public sealed class FailureAwareGrainStorage(
    string storageName,
    IGrainStorage inner,
    IGrainContextAccessor grainContext,
    IGrainStorageSerializer serializer,
    ILogger<FailureAwareGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        // A new order, as its placement says: nothing to read, and its first write (no ETag) cannot
        // overwrite a stored one (NewOrderHint).
        NewOrderHint.Names(grainId)
            ? Task.CompletedTask
            : Guard(inner.ReadStateAsync(stateName, grainId, grainState), "reading", stateName, grainId, discardOnFailure: false);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var snapshot = new GrainState<SerializedGrainState>(new SerializedGrainState(serializer.Serialize(grainState.State)), grainState.ETag)
        {
            RecordExists = grainState.RecordExists,
        };
        await Guard(inner.WriteStateAsync(stateName, grainId, snapshot), "writing", stateName, grainId, discardOnFailure: true);
        grainState.ETag = snapshot.ETag;
        grainState.RecordExists = snapshot.RecordExists;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(inner.ClearStateAsync(stateName, grainId, grainState), "clearing", stateName, grainId, discardOnFailure: true);

    /// <summary>The provider initializes itself in the silo's lifecycle (the ADO.NET one loads its queries from the database).</summary>
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private async Task Guard(Task operation, string verb, string stateName, GrainId grainId, bool discardOnFailure)
    {
        try
        {
            await operation;
        }
        catch (Exception ex)
        {
            if (discardOnFailure)
            {
                Discard(grainId, verb, stateName);
            }

            if (ex is InconsistentStateException)
            {
                // Said once, in words an operator (and the chaos run's log audit) can find: the only
                // way to get here is two activations of one grain writing, e.g. across a partition.
                logger.LogWarning("{Verb} the {State} state of {Grain} in storage {Storage} failed: version conflict (the stored ETag is not this activation's; another activation wrote it)",
                    verb, stateName, grainId, storageName);
            }
            else if (StorageFailureTranslation.DatabaseCause(ex) is { } cause)
            {
                logger.LogWarning("{Verb} the {State} state of {Grain} in storage {Storage} failed: the database is unavailable ({Reason})",
                    verb, stateName, grainId, storageName, cause.Message);
                throw new StorageUnavailableException($"{char.ToUpperInvariant(verb[0])}{verb[1..]} the {stateName} state of {grainId} failed: the database is unavailable. Retry later.");
            }

            throw;
        }
    }

    private void Discard(GrainId grainId, string verb, string stateName)
    {
        // Storage runs on the grain's own scheduler, so the current context is the grain's.
        if (grainContext.GrainContext is { } context && context.GrainId == grainId)
        {
            context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"{verb} its {stateName} state failed; memory no longer matches storage"));
        }
    }
}
