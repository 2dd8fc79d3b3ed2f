namespace Shop.Integration.Tests.Bench;

/// <summary>
/// The documented soak command runs end to end for a few seconds (embedded mode, so it needs no
/// PostgreSQL): every operation of its mix answers as expected and the report has both processes.
/// The ten-minute figures are in RELIABILITY.md.
/// </summary>
[Trait(TestTraits.Needs, TestTraits.Processes)]
[Trait(TestTraits.Speed, TestTraits.Long)]
public sealed class SoakSmokeTests
{
    [Fact]
    public async Task A_short_soak_has_no_error_and_reports_both_processes()
    {
        var output = Directory.CreateTempSubdirectory("shop-soak-smoke-").FullName;
        try
        {
            var (exitCode, log) = await BenchCommand.Run(TimeSpan.FromMinutes(4), "soak", "--embedded", "--warmup-minutes", "0.1", "--minutes", "0.25",
                "--rate", "20", "--out", output);
            Assert.True(exitCode == 0, $"the soak exited with {exitCode}:\n{log}");

            var report = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(output, "soak-*.md")));
            Assert.Contains("**no violation**", report);
            Assert.Contains("errors: 0", report);
            Assert.Contains("| gateway-", report);
            Assert.Contains("| silo0-", report);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
