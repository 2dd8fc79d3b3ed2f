namespace Shop.Bench.Reporting;

/// <summary>The one-line console summary of a measurement.</summary>
public static class Summary
{
    public static string Line(Measurement m)
    {
        var latency = m.Latencies.TryGetValue(Load.LoadResult.RequestMetric, out var l)
            ? $"p50 {l.P50,7:0.00} ms  p90 {l.P90,7:0.00}  p99 {l.P99,7:0.00}  max {l.Max,8:0.0}"
            : "";
        var figures = string.Join("  ", m.Figures.Select(f => $"{f.Key} {f.Value:0.##}"));
        return $"  {m.Scenario,-22} run {m.Run}  {m.Throughput,9:N0} ops/s  {latency}  errors {m.Errors}  {figures}".TrimEnd();
    }
}
