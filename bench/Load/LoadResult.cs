using HdrHistogram;

namespace Shop.Bench.Load;

/// <summary>The merged measurements of one scenario run.</summary>
public sealed class LoadResult
{
    /// <summary>The whole operation, from the instant it was due to its end.</summary>
    public const string RequestMetric = "operation";

    public required string Name { get; init; }
    public required LoadSettings Settings { get; init; }
    public required long Operations { get; init; }
    public required IReadOnlyDictionary<string, LongHistogram> Latencies { get; init; }
    public required IReadOnlyDictionary<string, long> Counts { get; init; }
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public long ErrorCount => Errors.Values.Sum();

    /// <summary>Operations that ended without an error, per second of the measured window.</summary>
    public double Throughput => (Operations - ErrorCount) / Settings.Duration.TotalSeconds;

    /// <summary>How many of <paramref name="what"/> per second of the measured window.</summary>
    public double PerSecond(string what) => Counts.GetValueOrDefault(what) / Settings.Duration.TotalSeconds;

    public static LoadResult Merge(string name, LoadSettings settings, IReadOnlyList<OperationContext> contexts)
    {
        var latencies = new Dictionary<string, LongHistogram>(StringComparer.Ordinal);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var errors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var context in contexts)
        {
            foreach (var (metric, histogram) in context.Histograms)
            {
                if (!latencies.TryGetValue(metric, out var merged))
                {
                    latencies[metric] = merged = new LongHistogram(OperationContext.HighestMicroseconds, 3);
                }

                merged.Add(histogram);
            }

            foreach (var (key, value) in context.Counts)
            {
                counts[key] = counts.GetValueOrDefault(key) + value;
            }

            foreach (var (key, value) in context.Errors)
            {
                errors[key] = errors.GetValueOrDefault(key) + value;
            }
        }

        return new LoadResult
        {
            Name = name,
            Settings = settings,
            Operations = latencies.TryGetValue(RequestMetric, out var all) ? all.TotalCount : 0,
            Latencies = latencies,
            Counts = counts,
            Errors = errors,
        };
    }
}
