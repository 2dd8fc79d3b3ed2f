using System.Diagnostics;
using HdrHistogram;

namespace Shop.Bench.Load;

/// <summary>
/// What one operation of a scenario sees: which worker runs it, when it was due, and where it records
/// its latencies (one histogram per metric, microseconds) and its errors. One context per worker, so
/// recording never contends.
/// </summary>
public sealed class OperationContext(int worker)
{
    public const long HighestMicroseconds = 120_000_000;

    private readonly Dictionary<string, LongHistogram> _histograms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);

    public int Worker { get; } = worker;

    /// <summary>Running number of the operation across all workers.</summary>
    public long Sequence { get; internal set; }

    /// <summary>When the operation was due (<see cref="Stopwatch.GetTimestamp"/>): its send time in a closed loop.</summary>
    public long DueTimestamp { get; internal set; }

    /// <summary>False during warm-up: nothing is recorded then.</summary>
    public bool Measuring { get; internal set; }

    internal IReadOnlyDictionary<string, LongHistogram> Histograms => _histograms;
    internal IReadOnlyDictionary<string, long> Counts => _counts;
    internal IReadOnlyDictionary<string, long> Errors => _errors;

    /// <summary>Records the time from <paramref name="fromTimestamp"/> until now under <paramref name="metric"/>.</summary>
    public void RecordSince(string metric, long fromTimestamp)
    {
        if (!Measuring)
        {
            return;
        }

        if (!_histograms.TryGetValue(metric, out var histogram))
        {
            _histograms[metric] = histogram = new LongHistogram(HighestMicroseconds, 3);
        }

        var micros = (long)Stopwatch.GetElapsedTime(fromTimestamp).TotalMicroseconds;
        histogram.RecordValue(Math.Clamp(micros, 1, HighestMicroseconds));
    }

    /// <summary>Counts one occurrence of <paramref name="what"/> (for example "confirmed").</summary>
    public void Count(string what)
    {
        if (Measuring)
        {
            _counts[what] = _counts.GetValueOrDefault(what) + 1;
        }
    }

    /// <summary>Counts an error of kind <paramref name="kind"/> (an HTTP status, an exception type).</summary>
    public void Error(string kind)
    {
        if (Measuring)
        {
            _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
        }

        Interlocked.Increment(ref LiveErrors);
    }

    /// <summary>Errors so far, warm-up included (for the progress line).</summary>
    internal static long LiveErrors;
}
