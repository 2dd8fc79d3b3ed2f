using Shop.Bench.Load;
using Shop.Bench.Reporting;

namespace Shop.Bench.Scenarios;

/// <summary>
/// Silo resident memory per active product grain: reads --memory-grains skus that have no product
/// (each GET activates its product grain, which reads its empty state and stays active: Orleans
/// collects idle grains after 15 minutes), then compares the silo's resident memory before and
/// after. Reads, not PUTs: a read activates the grain without storing anything, so the figure is the
/// grains' memory alone (the products scenario measures creating products).
/// </summary>
public static class MemoryScenario
{
    public static async Task Run(BenchSession session, int run)
    {
        if (run != 1)
        {
            return; // One reading: the grains of the first run stay active.
        }

        var silo = session.System.Silo;
        var count = session.Options.MemoryGrains;
        var settle = TimeSpan.FromSeconds(Math.Min(5, session.Options.Duration.TotalSeconds));
        var before = await Settled(silo, settle);
        var gatewayBefore = session.System.Gateway.ResidentBytes();
        session.Progress.WriteLine($"  memory: activating {count:N0} product grains ...");
        using var http = BenchHttp.Create(session.System.GatewayUrl, 64);
        long done = 0;
        long errors = 0;
        var progress = Task.Run(async () =>
        {
            while (Interlocked.Read(ref done) < count)
            {
                await Task.Delay(5000);
                session.Progress.WriteLine($"  memory: {Interlocked.Read(ref done):N0} / {count:N0} product grains");
            }
        });
        await BenchHttp.ForEach(Enumerable.Range(1, count), 64, async i =>
        {
            using var response = await http.GetAsync($"/api/products/MEM-{run}-{i:D7}");
            if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
            {
                Interlocked.Increment(ref errors);
            }

            Interlocked.Increment(ref done);
        });
        await progress;

        var after = await Settled(silo, settle);
        const double MiB = 1024 * 1024;
        var measurement = Measurement.Figure("memory", run, $"{count:N0} product grains activated by reads ({(session.System.Durable ? "durable" : "embedded")})",
            new Dictionary<string, double>
            {
                ["productGrains"] = count,
                ["readsNotAnswered404"] = errors,
                ["siloRssBeforeMiB"] = Math.Round(before / MiB, 1),
                ["siloRssAfterMiB"] = Math.Round(after / MiB, 1),
                ["siloMiBPer100kGrains"] = Math.Round((after - before) / MiB * 100_000 / count, 1),
                ["gatewayRssMiB"] = Math.Round(session.System.Gateway.ResidentBytes() / MiB, 1),
                ["gatewayRssBeforeMiB"] = Math.Round(gatewayBefore / MiB, 1),
            });
        session.Measurements.Add(measurement);
        session.Progress.WriteLine(Summary.Line(measurement));
    }

    /// <summary>The silo's resident memory once it has been quiet for a few seconds (background work done).</summary>
    private static async Task<long> Settled(ManagedProcess silo, TimeSpan quiet)
    {
        await Task.Delay(quiet);
        return silo.ResidentBytes();
    }
}
