namespace Shop.Grains.Storage;

/// <summary>
/// Group commit for a reentrant grain: every change made in memory while a write is in flight goes
/// into the next single write, and each caller's <see cref="Commit"/> completes once a write that
/// includes its change has finished. Many changes meeting one grain then cost one write per batch,
/// not one per change, and still no caller is answered before its change is stored.
/// </summary>
/// <remarks>
/// After a failed write the silo's storage discards the activation (FailureAwareGrainStorage); until
/// it is gone, the state in memory holds changes that were never stored, so every later commit fails
/// too and no caller builds on them.
/// </remarks>
public sealed class GroupCommit(Func<Task> write, TimeSpan minimumInterval = default, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    // The last write started (or finished), and the write that will carry the changes made since.
    private Task _lastWrite = Task.CompletedTask;
    private Task? _nextWrite;
    private long _lastStarted;
    private bool _failed;

    /// <summary>True once a write failed: the activation's state is no longer trustworthy.</summary>
    public bool Failed => _failed;

    /// <summary>Completes once the changes made so far are stored.</summary>
    public Task Commit()
    {
        if (_failed)
        {
            return Task.FromException(NotStored());
        }

        return _nextWrite ??= _lastWrite = WriteAfter(_lastWrite);
    }

    /// <summary>
    /// Completes once every change made so far is stored, without starting a write of its own: for a
    /// caller that finds its change already made (a repeat) and must not answer before it is stored.
    /// </summary>
    public Task WhenStored() => _failed ? Task.FromException(NotStored()) : _nextWrite ?? _lastWrite;

    private async Task WriteAfter(Task previous)
    {
        // Yield first: the callers that arrive before this write starts join it.
        await Task.Yield();
        try
        {
            await previous;
        }
        catch
        {
            // The previous batch's callers got its failure; _failed stops this one below.
        }

        if (minimumInterval > TimeSpan.Zero && _lastStarted != 0)
        {
            // A write at most every interval: callers wait a little longer, and batches grow instead
            // of the number of writes (used where the stored state is large, e.g. a dedupe record).
            var wait = minimumInterval - _clock.GetElapsedTime(_lastStarted);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _clock);
            }
        }

        _nextWrite = null;
        if (_failed)
        {
            throw NotStored();
        }

        _lastStarted = _clock.GetTimestamp();
        try
        {
            await write();
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    // A plain framework exception: it crosses the wire to the caller, who retries.
    private static InvalidOperationException NotStored() => new("The change could not be stored; retry.");
}
