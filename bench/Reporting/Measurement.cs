using HdrHistogram;
using Shop.Bench.Load;

namespace Shop.Bench.Reporting;

/// <summary>One scenario run as it goes into the JSON and Markdown reports.</summary>
public sealed record Measurement(
    string Scenario,
    int Run,
    string Mode,
    int Connections,
    double? Rate,
    double DurationSeconds,
    long Operations,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorKinds,
    double Throughput,
    IReadOnlyDictionary<string, LatencySummary> Latencies,
    IReadOnlyDictionary<string, double> Figures)
{
    public static Measurement From(LoadResult result, int run, IReadOnlyDictionary<string, double>? figures = null) => new(
        result.Name,
        run,
        result.Settings.Mode,
        result.Settings.Connections,
        result.Settings.Rate,
        result.Settings.Duration.TotalSeconds,
        result.Operations,
        result.ErrorCount,
        result.Errors,
        Math.Round(result.Throughput, 1),
        result.Latencies.ToDictionary(kv => kv.Key, kv => LatencySummary.Of(kv.Value)),
        figures ?? new Dictionary<string, double>());

    /// <summary>A measurement that is a figure only (pgbench TPS, memory), with no load of ours behind it.</summary>
    public static Measurement Figure(string scenario, int run, string mode, IReadOnlyDictionary<string, double> figures, double throughput = 0) =>
        new(scenario, run, mode, 0, null, 0, 0, 0, new Dictionary<string, long>(), throughput, new Dictionary<string, LatencySummary>(), figures);
}

/// <summary>Latency percentiles in milliseconds (recorded in microseconds).</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P99, double Max, double Mean)
{
    public static LatencySummary Of(HistogramBase histogram) => new(
        histogram.TotalCount,
        Ms(histogram.GetValueAtPercentile(50)),
        Ms(histogram.GetValueAtPercentile(90)),
        Ms(histogram.GetValueAtPercentile(99)),
        Ms(histogram.GetMaxValue()),
        Math.Round(histogram.GetMean() / 1000.0, 3));

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
