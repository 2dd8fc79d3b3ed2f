using Shop.Integration.Tests.Postgres;

namespace Shop.Integration.Tests.Bench;

/// <summary>
/// The documented chaos command runs end to end on a small scale (two silos, one kill, a 3 s
/// PostgreSQL outage, a gateway restart) and finds no violation. The full run's figures are in
/// RELIABILITY.md; this keeps the tool and the product's behaviour under faults from rotting.
/// </summary>
[Trait(TestTraits.Needs, TestTraits.PostgreSQL)]
[Trait(TestTraits.Needs, TestTraits.Processes)]
[Trait(TestTraits.Speed, TestTraits.Long)]
public sealed class ChaosSmokeTests
{
    [Fact]
    public async Task A_short_chaos_run_loses_nothing_and_reports_every_figure()
    {
        Assert.SkipUnless(PostgresBinaries.Available || PostgresBinaries.IsCi, PostgresBinaries.MissingReason);
        var output = Directory.CreateTempSubdirectory("shop-chaos-smoke-").FullName;
        try
        {
            var (exitCode, log) = await BenchCommand.Run(TimeSpan.FromMinutes(6), "chaos", "--silos", "2", "--users", "4", "--rate", "4",
                "--kill-for", "1", "--kill-every", "6", "--restart-after", "2", "--outage", "3", "--calm", "6", "--reconcile", "3", "--seed", "1",
                // Neither the partition (it lasts beyond Orleans' 60 s connection-liveness window, and
                // needs root) nor the burst: the suite stays short. PartitionRulesTests and
                // PartitionChecksTests cover their logic; the full run exercises them.
                "--partition", "0", "--burst", "0", "--out", output);
            Assert.True(exitCode == 0, $"the chaos run exited with {exitCode}:\n{log}");

            var report = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(output, "chaos-*.md")));
            Assert.Contains("**no violation**", report);
            foreach (var figure in new[] { "ordersAttempted", "ordersAccepted", "ordersConfirmed", "ordersRejected", "ordersLost | 0", "outage.recoverySeconds", "outage.orders503", "siloKills | 1", "statistics.ordersCreated" })
            {
                Assert.Contains($"| {figure}", report);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
