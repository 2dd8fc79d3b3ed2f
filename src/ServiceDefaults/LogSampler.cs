namespace Shop.Hosting;

/// <summary>
/// At most one log line per period for an event that a single client can cause thousands of times a
/// second (a refused request, a refused handshake): a line each grew the gateway's log by 41 MiB in
/// 10 s and cost 10 % of its throughput. The line that is written says how many were held back
/// since the previous one, so nothing is hidden; metrics count every occurrence.
/// </summary>
public sealed class LogSampler(TimeSpan period, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly long _periodTicks = (long)(period.TotalSeconds * (clock ?? TimeProvider.System).TimestampFrequency);
    private long _nextLine = long.MinValue;
    private long _heldBack;

    /// <summary>True when this occurrence is to be logged; <paramref name="heldBack"/> then says how many were not since the last line.</summary>
    public bool ShouldLog(out long heldBack)
    {
        var now = _clock.GetTimestamp();
        var next = Volatile.Read(ref _nextLine);
        if (now >= next && Interlocked.CompareExchange(ref _nextLine, now + _periodTicks, next) == next)
        {
            heldBack = Interlocked.Exchange(ref _heldBack, 0);
            return true;
        }

        Interlocked.Increment(ref _heldBack);
        heldBack = 0;
        return false;
    }
}
