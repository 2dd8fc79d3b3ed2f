using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Shop.Bench.Reporting;

/// <summary>Writes one run's report as JSON (every measurement) and Markdown (targets, medians, every run).</summary>
public static class ReportWriter
{
    public sealed record Machine(string Os, int Cores, string Cpu, string Dotnet, long MemoryMiB)
    {
        /// <summary>One line for a report: the figures mean little without the machine they came from.</summary>
        public string Line => string.Create(CultureInfo.InvariantCulture, $"{Cpu}, {Cores} cores, {MemoryMiB:N0} MiB, {Os}, .NET {Dotnet}");
    }

    public sealed record Report(DateTimeOffset Date, string Command, string Mode, Machine Machine, BenchOptionsView Options,
        IReadOnlyList<Targets.Check> Targets, IReadOnlyList<Measurement> Measurements, IReadOnlyList<string> Failures);

    public sealed record BenchOptionsView(int Runs, double WarmupSeconds, double DurationSeconds, int Connections, int OrderConnections,
        double DashboardRate, int Skus, int Users, int MemoryGrains, int Products, IReadOnlyList<string> Scenarios);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Report Build(BenchOptions options, string command, IReadOnlyList<Measurement> measurements, IReadOnlyList<string> failures) => new(
        DateTimeOffset.UtcNow,
        command,
        options.Postgres ? "durable (PostgreSQL)" : "embedded (in memory)",
        DescribeMachine(),
        new BenchOptionsView(options.Runs, options.Warmup.TotalSeconds, options.Duration.TotalSeconds, options.Connections,
            options.OrderConnections, options.DashboardRate, options.Skus, options.Users, options.MemoryGrains, options.Products, options.Scenarios),
        Targets.Evaluate(measurements, options.Postgres),
        measurements,
        failures);

    /// <summary>Writes bench-{mode}-{time}.json and .md into <paramref name="folder"/>; returns both paths.</summary>
    public static (string Json, string Markdown) Write(Report report, string folder)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"bench-{(report.Mode.StartsWith("durable", StringComparison.Ordinal) ? "postgres" : "embedded")}-{report.Date:yyyyMMdd-HHmmss}");
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(report, Json));
        File.WriteAllText(stem + ".md", Markdown(report));
        return (stem + ".json", stem + ".md");
    }

    public static string Markdown(Report report)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# Orleans.Shop benchmark: {report.Mode}");
        md.AppendLine();
        md.AppendLine(c, $"- Date: {report.Date:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine(c, $"- Command: `{report.Command}`");
        md.AppendLine(c, $"- Machine: {report.Machine.Line}");
        md.AppendLine(c, $"- Each scenario: {report.Options.WarmupSeconds:0} s warm-up, {report.Options.DurationSeconds:0} s measured, {report.Options.Runs} run(s); load generator, gateway and silo share the machine");
        md.AppendLine();
        md.AppendLine("## Targets (medians of the runs)");
        md.AppendLine();
        md.AppendLine("| Target | Measured | Met |");
        md.AppendLine("|---|---|---|");
        foreach (var check in report.Targets)
        {
            md.AppendLine(c, $"| {check.Target} | {check.Measured} | {check.Met switch { true => "yes", false => "**no**", null => "n/a" }} |");
        }

        md.AppendLine();
        if (report.Failures.Count > 0)
        {
            md.AppendLine("## Failed scenarios");
            md.AppendLine();
            foreach (var failure in report.Failures)
            {
                md.AppendLine(c, $"- {failure}");
            }

            md.AppendLine();
        }

        md.AppendLine("## Every run");
        md.AppendLine();
        md.AppendLine("Latencies in ms (operation: from the instant the request was due to the end of its answer).");
        md.AppendLine();
        md.AppendLine("| Scenario | Run | Mode | Conn. | ops/s | p50 | p90 | p99 | max | Errors | Figures |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in report.Measurements)
        {
            var l = m.Latencies.GetValueOrDefault(Load.LoadResult.RequestMetric);
            var extra = m.Latencies.Where(kv => kv.Key != Load.LoadResult.RequestMetric)
                .Select(kv => $"{kv.Key} p50 {kv.Value.P50:0.00} / p99 {kv.Value.P99:0.00} / max {kv.Value.Max:0.0}")
                .Concat(m.Figures.Select(f => $"{f.Key} {f.Value.ToString("0.##", c)}"))
                .Concat(m.ErrorKinds.Select(e => $"error '{e.Key}' × {e.Value}"));
            md.AppendLine(c, $"| {m.Scenario} | {m.Run} | {m.Mode} | {(m.Connections > 0 ? m.Connections : "")} | {m.Throughput:N0} | " +
                $"{l?.P50:0.00} | {l?.P90:0.00} | {l?.P99:0.00} | {l?.Max:0.0} | {m.Errors} | {string.Join("<br>", extra)} |");
        }

        return md.ToString();
    }

    public static Machine DescribeMachine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        return new Machine(System.Runtime.InteropServices.RuntimeInformation.OSDescription, Environment.ProcessorCount, cpu, Environment.Version.ToString(), memory);
    }
}
