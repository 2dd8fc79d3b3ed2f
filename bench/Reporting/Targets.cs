using System.Globalization;

namespace Shop.Bench.Reporting;

/// <summary>
/// The targets of issues 7, 14 and 16 checked against the medians of the runs. Ratios against a baseline are
/// taken per run (both measured minutes apart in the same run), then the median of those ratios.
/// </summary>
public static class Targets
{
    public sealed record Check(string Target, string Measured, bool? Met);

    public static IReadOnlyList<Check> Evaluate(IReadOnlyList<Measurement> all, bool durable)
    {
        var checks = new List<Check>();
        var baseline = Runs(all, "baseline", m => m.Throughput);

        if (Runs(all, "catalog", m => m.Throughput) is { Count: > 0 } catalog)
        {
            if (baseline.Count > 0)
            {
                var ratio = MedianRatio(catalog, baseline);
                checks.Add(new("catalog ≥ 40 % of baseline requests/s",
                    $"{Pct(ratio)} (catalog {N(Median(catalog.Values))}/s, baseline {N(Median(baseline.Values))}/s)", ratio >= 0.40));
            }

            var p99 = Median(Runs(all, "catalog", m => P(m, "operation", l => l.P99)).Values);
            var connections = all.First(m => m.Scenario == "catalog").Connections;
            checks.Add(new($"catalog p99 ≤ 20 ms at 64 connections", $"{Ms(p99)} at {connections} connections", connections == 64 ? p99 <= 20 : null));
        }

        if (Runs(all, "me", m => m.Throughput) is { Count: > 0 } me && baseline.Count > 0)
        {
            var ratio = MedianRatio(me, baseline);
            checks.Add(new("me ≥ 30 % of baseline requests/s", $"{Pct(ratio)} (me {N(Median(me.Values))}/s)", ratio >= 0.30));
        }

        if (Runs(all, "orders", m => m.Figures.GetValueOrDefault("confirmedPerSecond")) is { Count: > 0 } confirmed)
        {
            // Issue 14's targets: ratios against a baseline of the same run, so they hold on any machine.
            var rate = Median(confirmed.Values);
            if (durable)
            {
                if (Runs(all, "pgbench", m => m.Throughput) is { Count: > 0 } pgbench)
                {
                    var ratio = MedianRatio(confirmed, pgbench);
                    checks.Add(new("orders (PostgreSQL) ≥ 3 % of pgbench single-row insert TPS",
                        $"{N(rate)} confirmed/s = {Pct(ratio)} of pgbench ({N(Median(pgbench.Values))} TPS)", ratio >= 0.03));
                }

                var writes = Median(Runs(all, "orders", m => m.Figures.GetValueOrDefault("rowWritesPerOrder")).Values);
                checks.Add(new("database row writes per confirmed order ≤ 4", writes.ToString("0.##", CultureInfo.InvariantCulture), writes <= 4));
                var transactions = Median(Runs(all, "orders", m => m.Figures.GetValueOrDefault("transactionsPerOrder")).Values);
                checks.Add(new("database transactions per confirmed order ≤ 5", transactions.ToString("0.##", CultureInfo.InvariantCulture), transactions <= 5));
            }
            else
            {
                if (baseline.Count > 0)
                {
                    var ratio = MedianRatio(confirmed, baseline);
                    checks.Add(new("orders (embedded) ≥ 4 % of baseline requests/s", $"{Pct(ratio)} ({N(rate)} confirmed/s)", ratio >= 0.04));
                }

                var cpu = Median(Runs(all, "orders", m => m.Figures.GetValueOrDefault("cpuMsPerOp.gateway") + m.Figures.GetValueOrDefault("cpuMsPerOp.silo")).Values);
                checks.Add(new("orders: gateway + silo CPU ≤ 0.6 ms per confirmed order (closed loop)", $"{cpu.ToString("0.00", CultureInfo.InvariantCulture)} ms", cpu <= 0.6));
            }

            if (Runs(all, "orders.latency", m => P(m, "accept-to-confirm", l => l.P99)) is { Count: > 0 } p99)
            {
                var at = Median(Runs(all, "orders.latency", m => m.Rate ?? 0).Values);
                checks.Add(new("orders p99 accept-to-confirm ≤ 50 ms at half the confirmed rate",
                    $"{Ms(Median(p99.Values))} at {N(at)} orders/s", Median(p99.Values) <= 50));
            }
        }

        if (Runs(all, "dashboard", m => P(m, "operation", l => l.P50)) is { Count: > 0 } dashboard)
        {
            var parts = all.Where(m => m.Scenario.StartsWith("dashboard.part.", StringComparison.Ordinal)).Select(m => m.Scenario).Distinct()
                .Select(part => (Part: part, P50: Median(Runs(all, part, m => P(m, "operation", l => l.P50)).Values)))
                .OrderByDescending(x => x.P50).ToList();
            if (parts.Count > 0)
            {
                var p50 = Median(dashboard.Values);
                var slowest = parts[0];
                checks.Add(new("dashboard p50 ≤ 1.3 × p50 of its slowest part",
                    $"{Ms(p50)} = {(p50 / slowest.P50).ToString("0.00", CultureInfo.InvariantCulture)} × {slowest.Part} ({Ms(slowest.P50)})", p50 <= 1.3 * slowest.P50));
            }
        }

        if (Runs(all, "overload", m => P(m, "accepted", l => l.P99)) is { Count: > 0 } overloadP99)
        {
            // Issue 16: at twice the closed-loop rate the gateway refuses early and keeps what it accepts fast.
            var p99 = Median(overloadP99.Values);
            var offered = Median(Runs(all, "overload", m => m.Figures.GetValueOrDefault("offeredPerSecond")).Values);
            var accepted = Median(Runs(all, "overload", m => m.Figures.GetValueOrDefault("acceptedPerSecond")).Values);
            var refused = Median(Runs(all, "overload", m => m.Figures.GetValueOrDefault("refusedPerSecond")).Values);
            var bare = Median(Runs(all, "overload", m => m.Figures.GetValueOrDefault("refusedWithoutRetryAfter") + m.Errors).Values);
            checks.Add(new("overload: p99 of accepted orders < 1 s at 2 × the closed-loop rate, the rest refused with Retry-After",
                $"{Ms(p99)}; offered {N(offered)}/s, accepted {N(accepted)}/s, refused {N(refused)}/s, refused without Retry-After or failed {N(bare)}",
                p99 < 1000 && bare == 0));
            if (Runs(all, "overload.recovery", m => P(m, "accepted", l => l.P99)) is { Count: > 0 } recoveryP99)
            {
                var after = Median(recoveryP99.Values);
                var refusedAfter = Median(Runs(all, "overload.recovery", m => m.Figures.GetValueOrDefault("refused503") + m.Figures.GetValueOrDefault("refused429") + m.Errors).Values);
                checks.Add(new("overload: once the load falls to half the rate, nothing refused and p99 < 1 s from the first second",
                    $"{Ms(after)}, {N(refusedAfter)} refused or failed", after < 1000 && refusedAfter == 0));
            }
        }

        if (all.FirstOrDefault(m => m.Scenario == "memory") is { } memory)
        {
            checks.Add(new("silo resident memory per 100k active product grains (reported)",
                $"{memory.Figures["siloMiBPer100kGrains"].ToString("0.#", CultureInfo.InvariantCulture)} MiB", null));
        }

        if (Runs(all, "products", m => m.Figures.GetValueOrDefault("lastToFirst")) is { Count: > 0 } steady)
        {
            var ratio = Median(steady.Values);
            var first = Median(Runs(all, "products", m => m.Figures.GetValueOrDefault("firstWindowPerSecond")).Values);
            var last = Median(Runs(all, "products", m => m.Figures.GetValueOrDefault("lastWindowPerSecond")).Values);
            var window = all.First(m => m.Scenario == "products").Figures.GetValueOrDefault("window");
            checks.Add(new($"products: the last {N(window)} created ≥ 80 % of the rate of the first {N(window)}",
                $"{Pct(ratio)} (first {N(first)}/s, last {N(last)}/s)", ratio >= 0.80));
        }

        return checks;
    }

    /// <summary>A value of each run of a scenario, by run number.</summary>
    public static Dictionary<int, double> Runs(IEnumerable<Measurement> all, string scenario, Func<Measurement, double> value) =>
        all.Where(m => m.Scenario == scenario).ToDictionary(m => m.Run, value);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double MedianRatio(Dictionary<int, double> measured, Dictionary<int, double> reference) =>
        Median(measured.Where(kv => reference.TryGetValue(kv.Key, out var r) && r > 0).Select(kv => kv.Value / reference[kv.Key]));

    private static double P(Measurement m, string metric, Func<LatencySummary, double> pick) =>
        m.Latencies.TryGetValue(metric, out var l) ? pick(l) : double.NaN;

    private static string Pct(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
    private static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " ms";
}
