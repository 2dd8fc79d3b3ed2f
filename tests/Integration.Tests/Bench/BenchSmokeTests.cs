using System.Text.Json;

namespace Shop.Integration.Tests.Bench;

/// <summary>
/// The documented bench command runs end to end and writes a well-formed report. It asserts nothing
/// about speed: a few seconds of load on a shared machine say nothing, and the figures belong in
/// BENCHMARKS.md, not in a test.
/// </summary>
[Trait(TestTraits.Needs, TestTraits.Processes)]
public sealed class BenchSmokeTests
{
    [Fact]
    [Trait(TestTraits.Speed, TestTraits.Long)]
    public async Task The_bench_runs_every_embedded_scenario_and_writes_a_json_and_markdown_report()
    {
        var output = Directory.CreateTempSubdirectory("shop-bench-smoke-").FullName;
        try
        {
            // Seconds, not less: the suite's other test assemblies load the same two cores meanwhile,
            // and the orders scenario needs at least one order confirmed in its window.
            var (exitCode, log) = await RunBench("all", "--runs", "1", "--warmup", "1", "--duration", "3", "--connections", "4",
                "--order-connections", "4", "--dashboard-rate", "20", "--skus", "5", "--users", "2", "--memory-grains", "50", "--out", output);
            Assert.True(exitCode == 0, $"the bench exited with {exitCode}:\n{log}");

            var json = Assert.Single(Directory.GetFiles(output, "bench-embedded-*.json"));
            Assert.Single(Directory.GetFiles(output, "bench-embedded-*.md"));
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var measurements = report.RootElement.GetProperty("measurements").EnumerateArray().ToList();
            var scenarios = measurements.Select(m => m.GetProperty("scenario").GetString()).ToHashSet();
            foreach (var expected in new[] { "baseline", "catalog", "me", "orders", "orders.latency", "dashboard", "dashboard.part.user",
                         "dashboard.part.orders", "dashboard.part.stats", "memory" })
            {
                Assert.Contains(expected, scenarios);
            }

            foreach (var load in measurements.Where(m => m.GetProperty("operations").GetInt64() > 0))
            {
                var latency = load.GetProperty("latencies").GetProperty("operation");
                Assert.True(latency.GetProperty("p50").GetDouble() <= latency.GetProperty("p99").GetDouble());
                Assert.True(latency.GetProperty("p99").GetDouble() <= latency.GetProperty("max").GetDouble());
                Assert.Equal(0, load.GetProperty("errors").GetInt64());
            }

            var orders = measurements.First(m => m.GetProperty("scenario").GetString() == "orders");
            Assert.True(orders.GetProperty("figures").GetProperty("confirmedPerSecond").GetDouble() > 0, "no order was followed to Confirmed");
            Assert.True(orders.GetProperty("latencies").TryGetProperty("accept-to-confirm", out _));
            Assert.True(report.RootElement.GetProperty("targets").GetArrayLength() >= 6);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task The_bench_refuses_an_unknown_scenario_with_its_usage()
    {
        var (exitCode, log) = await RunBench("warp-speed");
        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown scenario 'warp-speed'", log);
        // The help of the command that refused it: the scenarios and options of the default command.
        Assert.Contains("Usage:", log);
        Assert.Contains("run [<scenario>...] [options]", log);
    }

    private static Task<(int ExitCode, string Log)> RunBench(params string[] args) => BenchCommand.Run(TimeSpan.FromMinutes(4), args);
}
