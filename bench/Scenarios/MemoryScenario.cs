using Shop.Bench.Load;
using Shop.Bench.Reporting;

namespace Shop.Bench.Scenarios;

/// <summary>
/// Silo resident memory per active product grain: creates --memory-grains products through the API
/// (each PUT activates its product grain and writes its state), then compares the silo's resident
/// memory before and after. Grains stay active well past the run (Orleans collects idle grains after
/// 15 minutes), so every one of them is in memory when the second reading is taken.
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
        session.Progress.WriteLine($"  memory: creating {count:N0} products ...");
        using var http = BenchHttp.Create(session.System.GatewayUrl, 64);
        long done = 0;
        var progress = Task.Run(async () =>
        {
            while (Interlocked.Read(ref done) < count)
            {
                session.Progress.Write($"\r  memory: {Interlocked.Read(ref done):N0} / {count:N0} products   ");
                await Task.Delay(1000);
            }
        });
        await BenchHttp.ForEach(Enumerable.Range(1, count), 64, async i =>
        {
            var sku = $"MEM-{i:D7}";
            using var request = BenchHttp.Json(HttpMethod.Put, $"/api/products/{sku}", BenchCatalog.Definition(sku), session.AdminToken);
            using var response = await http.SendAsync(request);
            await BenchHttp.EnsureSuccess(response, $"PUT /api/products/{sku}");
            Interlocked.Increment(ref done);
        });
        await progress;
        session.Progress.Write("\r" + new string(' ', 60) + "\r");

        var after = await Settled(silo, settle);
        const double MiB = 1024 * 1024;
        var measurement = Measurement.Figure("memory", run, $"{count:N0} product grains ({(session.System.Durable ? "durable" : "embedded: in-memory storage included")})",
            new Dictionary<string, double>
            {
                ["productGrains"] = count,
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
    private static async Task<long> Settled(Hosting.ManagedProcess silo, TimeSpan quiet)
    {
        await Task.Delay(quiet);
        return silo.ResidentBytes();
    }
}
