using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Shop.Bench.Chaos;

/// <summary>Prints the chaos run's figures and violations and writes them, with the timeline and a table per phase, as JSON and Markdown.</summary>
public static class ChaosReport
{
    public static string Write(ChaosOptions options, FaultWindows faults, Timeline timeline, CheckResults checks, TextWriter output)
    {
        var phases = Phases(faults, timeline.Now).Select(p => PhaseRow(p.Name, timeline.Started(Attempt.PlaceOrder, p.From, p.To).ToArray())).ToArray();
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Chaos run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench -- chaos` ({options.Silos} silos, {options.Users} users, {options.OrdersPerSecond:0.#} orders/s, seed {options.Seed}): " +
            $"**{(checks.Violations.Count == 0 ? "no violation" : $"{checks.Violations.Count} violation(s)")}**.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Reporting.ReportWriter.DescribeMachine().Line}.");
        md.AppendLine();
        md.AppendLine("| figure | value |");
        md.AppendLine("|---|---|");
        foreach (var (key, value) in checks.Figures)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {key} | {value} |");
        }

        md.AppendLine();
        md.AppendLine("Order requests per phase (latency of each request, retries are requests of their own):");
        md.AppendLine();
        md.AppendLine("| phase | seconds | requests | 2xx | 2xx/s | 503 | 429 | no answer | other | p50 ms | p99 ms | max ms |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in phases)
        {
            md.AppendLine(row);
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"What each fault cost the clients (order requests started during it; refused: 503 or 429, retried with the same key; late: answered after more than {FaultCost.LateBound.TotalSeconds:0} s; unanswered: no status):");
        md.AppendLine();
        md.AppendLine("| fault | seconds | order requests | accepted | refused | late | unanswered | p99 ms | max ms |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (_, cost) in ChaosChecks.Costs(timeline, faults))
        {
            md.AppendLine(cost.Row());
        }

        md.AppendLine();
        md.AppendLine("Timeline:");
        md.AppendLine();
        foreach (var (at, what) in timeline.Events.OrderBy(e => e.At))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {at.TotalSeconds:0.0} s: {what}");
        }

        md.AppendLine();
        md.AppendLine(checks.Violations.Count == 0 ? "Violations: none." : "Violations:");
        foreach (var violation in checks.Violations)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {violation}");
        }

        Directory.CreateDirectory(options.Output);
        var stem = Path.Combine(options.Output, $"chaos-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        File.WriteAllText(stem + ".md", md.ToString());
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(new
        {
            options = new { options.Silos, options.Users, options.OrdersPerSecond, options.Seed, killEverySeconds = options.KillEvery.TotalSeconds, killForSeconds = options.KillFor.TotalSeconds, partitionSeconds = options.Partition.TotalSeconds, options.Burst, outageSeconds = options.Outage.TotalSeconds },
            figures = checks.Figures,
            violations = checks.Violations,
            timeline = timeline.Events.OrderBy(e => e.At).Select(e => new { seconds = Math.Round(e.At.TotalSeconds, 2), e.What }),
        }, new JsonSerializerOptions { WriteIndented = true }));

        output.WriteLine();
        output.WriteLine(md.ToString());
        return stem + ".md";
    }

    private static IEnumerable<(string Name, TimeSpan From, TimeSpan To)> Phases(FaultWindows f, TimeSpan end)
    {
        var phases = new List<(string, TimeSpan, TimeSpan)>
        {
            ("before the faults", TimeSpan.Zero, f.SiloKills.From),
            ("silo kills", f.SiloKills.From, f.SiloKills.To),
        };
        var calmFrom = f.SiloKills.To;
        if (f.Partition is { } p)
        {
            phases.Add(("calm", calmFrom, p.CutAt));
            phases.Add(($"partition: silo{p.Victim} cut off", p.CutAt, p.HealedAt));
            phases.Add(("partition healed, until the silo rejoined", p.HealedAt, p.RejoinedAt));
            calmFrom = p.RejoinedAt;
        }

        if (f.BatchKill != default)
        {
            phases.Add(("calm", calmFrom, f.BatchKill.From));
            phases.Add(("burst, kill mid-batch, restart", f.BatchKill.From, f.BatchKill.To));
            calmFrom = f.BatchKill.To;
        }

        phases.AddRange(Rest(f, end, calmFrom));
        return phases;
    }

    private static IEnumerable<(string Name, TimeSpan From, TimeSpan To)> Rest(FaultWindows f, TimeSpan end, TimeSpan calmFrom) =>
    [
        ("calm", calmFrom, f.Outage.From),
        ("PostgreSQL down", f.Outage.From, f.Outage.To),
        ("after PostgreSQL's return", f.Outage.To, f.GatewayRestart.From),
        ("gateway restart", f.GatewayRestart.From, f.GatewayRestart.To),
        ("after the restart, and the drain", f.GatewayRestart.To, end),
    ];

    private static string PhaseRow(string name, Attempt[] attempts)
    {
        var sorted = attempts.Select(a => a.Duration.TotalMilliseconds).Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        var seconds = attempts.Length == 0 ? 0 : (attempts.Max(a => a.Started) - attempts.Min(a => a.Started)).TotalSeconds;
        var succeeded = attempts.Count(a => a.Succeeded);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {seconds:0} | {attempts.Length} | {succeeded} | {(seconds > 0 ? succeeded / seconds : 0):0.0} | {attempts.Count(a => a.Status == 503)} | {attempts.Count(a => a.Status == 429)} | " +
            $"{attempts.Count(a => !a.Answered)} | {attempts.Count(a => a.Answered && !a.Succeeded && a.Status is not (503 or 429))} | " +
            $"{Percentile(0.5):0} | {Percentile(0.99):0} | {(sorted.Length == 0 ? 0 : sorted[^1]):0} |");
    }
}
