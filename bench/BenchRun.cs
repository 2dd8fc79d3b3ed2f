using Shop.Bench.Reporting;
using Shop.Bench.Scenarios;

namespace Shop.Bench;

/// <summary>One bench invocation: start the system, run the scenario list --runs times, write the reports.</summary>
public static class BenchRun
{
    private static readonly Dictionary<string, Func<BenchSession, int, Task>> Scenarios = new()
    {
        ["baseline"] = ReadScenarios.Baseline,
        ["catalog"] = ReadScenarios.Catalog,
        ["me"] = ReadScenarios.Me,
        ["orders"] = OrdersScenario.Run,
        ["dashboard"] = DashboardScenario.Run,
        ["pgbench"] = PgbenchScenario.Run,
        ["memory"] = MemoryScenario.Run,
        ["products"] = ProductsScenario.Run,
        ["overload"] = OverloadScenario.Run,
    };

    /// <summary>Returns 0 when every scenario ran (targets met or missed), 1 when a scenario failed.</summary>
    public static async Task<int> Execute(BenchOptions options, string command, TextWriter output)
    {
        output.WriteLine($"Orleans.Shop bench: {(options.Postgres ? "durable (PostgreSQL)" : "embedded")}; scenarios {string.Join(", ", options.Scenarios)}; " +
            $"{options.Runs} run(s) of {options.Warmup.TotalSeconds:0} s warm-up + {options.Duration.TotalSeconds:0} s each");
        await using var session = await BenchSession.StartAsync(options, output);
        var failed = new List<string>();
        for (var run = 1; run <= options.Runs; run++)
        {
            output.WriteLine($"Run {run} of {options.Runs}");
            foreach (var scenario in options.Scenarios)
            {
                try
                {
                    await Scenarios[scenario](session, run);
                }
                catch (Exception ex)
                {
                    // One broken scenario must not lose the others' figures: it is reported as failed.
                    failed.Add($"{scenario} (run {run}): {ex.GetType().Name}: {ex.Message}");
                    output.WriteLine($"  {scenario} FAILED: {ex}");
                }
            }
        }

        var report = ReportWriter.Build(options, command, session.Measurements, failed);
        var (json, markdown) = ReportWriter.Write(report, options.Output);
        output.WriteLine();
        output.WriteLine("Targets (medians):");
        foreach (var check in report.Targets)
        {
            output.WriteLine($"  [{check.Met switch { true => "met", false => "MISSED", null => "info" }}] {check.Target}: {check.Measured}");
        }

        output.WriteLine($"Reports: {json}");
        output.WriteLine($"         {markdown}");
        foreach (var failure in failed)
        {
            output.WriteLine($"FAILED: {failure}");
        }

        return failed.Count == 0 ? 0 : 1;
    }
}
