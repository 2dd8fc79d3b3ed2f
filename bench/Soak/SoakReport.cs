using System.Globalization;
using HdrHistogram;
using System.Text;
using Shop.Bench.Load;

namespace Shop.Bench.Soak;

/// <summary>Writes the soak's result (throughput, latencies, errors, every sample, the verdict) as Markdown and prints it.</summary>
public static class SoakReport
{
    public static string Write(SoakOptions options, LoadResult result, IReadOnlyList<ProcessSample> samples, SoakVerdict verdict, TextWriter output)
    {
        var md = new StringBuilder();
        void Line(FormattableString text) => md.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        Line($"# Soak run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        var outcome = verdict.Violations.Count == 0 ? "no violation" : $"{verdict.Violations.Count} violation(s)";
        Line($"`dotnet run -c Release --project bench -- soak` ({(options.Postgres ? "durable, PostgreSQL" : "embedded")}): {options.Warmup.TotalMinutes:0.#} min warm-up, {options.Duration.TotalMinutes:0.#} min measured at {options.Rate:0} operations/s; idle activations collected after {options.CollectionAge.TotalSeconds:0} s. **{outcome}**.");
        md.AppendLine();
        Line($"Machine: {Reporting.ReportWriter.DescribeMachine().Line}.");
        md.AppendLine();
        var all = result.Latencies[LoadResult.RequestMetric];
        Line($"- operations measured: {result.Operations:N0} ({result.Operations / options.Duration.TotalSeconds:0.0}/s), errors: {result.ErrorCount}, orders confirmed: {result.Counts.GetValueOrDefault("confirmed"):N0}");
        Line($"- latency of every operation from its due time: p50 {all.GetValueAtPercentile(50) / 1000.0:0.0} ms, p99 {all.GetValueAtPercentile(99) / 1000.0:0.0} ms, max {all.GetMaxValue() / 1000.0:0.0} ms");
        if (result.Latencies.TryGetValue(Scenarios.OrdersScenario.AcceptToConfirm, out var confirm))
        {
            Line($"- accept-to-confirm: p50 {confirm.GetValueAtPercentile(50) / 1000.0:0.0} ms, p99 {confirm.GetValueAtPercentile(99) / 1000.0:0.0} ms");
        }

        md.AppendLine();
        md.AppendLine("| process | start (after warm-up) | end | growth |");
        md.AppendLine("|---|---|---|---|");
        foreach (var (process, start, end) in verdict.Growth)
        {
            Line($"| {process} resident memory | {start.ResidentBytes / SoakVerdict.MiB:0} MiB | {end.ResidentBytes / SoakVerdict.MiB:0} MiB | {Percent(start.ResidentBytes, end.ResidentBytes)} |");
            Line($"| {process} managed heap | {Mib(start.ManagedHeapBytes)} | {Mib(end.ManagedHeapBytes)} | {(start.ManagedHeapBytes is { } a && end.ManagedHeapBytes is { } b ? Percent(a, b) : "?")} |");
            Line($"| {process} open handles | {start.Handles} | {end.Handles} | {end.Handles - start.Handles:+0;-0;0} |");
            Line($"| {process} threads | {start.Threads} | {end.Threads} | {end.Threads - start.Threads:+0;-0;0} |");
        }

        md.AppendLine();
        md.AppendLine("Every sample:");
        md.AppendLine();
        md.AppendLine("| minute | process | resident MiB | managed heap MiB | handles | threads | activations |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var s in samples)
        {
            Line($"| {s.At.TotalMinutes:0.0} | {s.Process} | {s.ResidentBytes / SoakVerdict.MiB:0} | {Mib(s.ManagedHeapBytes)} | {s.Handles} | {s.Threads} | {(s.Activations is { } a ? a.ToString(CultureInfo.InvariantCulture) : "")} |");
        }

        md.AppendLine();
        md.AppendLine(verdict.Violations.Count == 0 ? "Violations: none." : "Violations:");
        foreach (var violation in verdict.Violations)
        {
            Line($"- {violation}");
        }

        Directory.CreateDirectory(options.Output);
        var path = Path.Combine(options.Output, $"soak-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        File.WriteAllText(path, md.ToString());
        output.WriteLine();
        output.WriteLine(md.ToString());
        return path;
    }

    private static string Mib(long? bytes) => bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / SoakVerdict.MiB:0}") : "?";

    private static string Percent(long start, long end) => string.Create(CultureInfo.InvariantCulture, $"{(end - start) * 100.0 / start:+0.0;-0.0;0} %");
}
