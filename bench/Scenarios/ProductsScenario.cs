using System.Diagnostics;
using System.Globalization;
using System.Net;
using Shop.Bench.Load;
using Shop.Bench.Reporting;

namespace Shop.Bench.Scenarios;

/// <summary>
/// Creates --products new products through the API (PUT /api/products/{sku} as the administrator),
/// closed loop over --connections workers, in random sku order (a catalog index that is fast only
/// when skus come sorted would show here), and compares the rate of the first and of the last
/// <see cref="Window"/> products: a write that grows with the catalog makes the last ones slower.
/// Not a fixed duration: it runs until every product is created (80-84 s for 100,000 on the shared
/// two-core machine of BENCHMARKS.md), so it is not among the default scenarios.
/// </summary>
public static class ProductsScenario
{
    public const int Window = 10_000;

    public static async Task Run(BenchSession session, int run)
    {
        var count = session.Options.Products;
        var connections = session.Options.Connections;
        // Each run creates products of its own: a later run starts with a larger catalog.
        var skus = Enumerable.Range(0, count).Select(i => $"NEW{run}-{i:D7}").ToArray();
        new Random(run).Shuffle(skus);

        using var http = BenchHttp.Create(session.System.GatewayUrl, connections);
        var contexts = Enumerable.Range(0, connections).Select(i => new OperationContext(i) { Measuring = true }).ToArray();
        var completedAt = new long[count];
        long next = -1;
        long done = 0;
        session.Progress.WriteLine($"  products: creating {count:N0} products with {connections} connections ...");
        OperationContext.LiveErrors = 0;
        var cpu = CpuMeter.Start(session, TimeSpan.Zero);
        var start = Stopwatch.GetTimestamp();

        async Task Worker(OperationContext context)
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                context.Sequence = i;
                context.DueTimestamp = Stopwatch.GetTimestamp();
                try
                {
                    await Create(http, context, session.AdminToken, skus[i]);
                }
                catch (Exception ex)
                {
                    context.Error(ex is TaskCanceledException or OperationCanceledException ? "timeout" : ex.GetType().Name);
                }

                context.RecordSince(LoadResult.RequestMetric, context.DueTimestamp);
                completedAt[Interlocked.Increment(ref done) - 1] = Stopwatch.GetTimestamp();
            }
        }

        var all = Task.WhenAll(contexts.Select(c => Task.Run(() => Worker(c))));
        var reported = 0L;
        while (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5))) != all)
        {
            var now = Interlocked.Read(ref done);
            session.Progress.WriteLine($"  products: {now,9:N0} / {count:N0}  {(now - reported) / 5.0,8:N0}/s  errors {Interlocked.Read(ref OperationContext.LiveErrors):N0}");
            reported = now;
        }

        await all;
        var elapsed = Stopwatch.GetElapsedTime(start);
        var result = LoadResult.Merge("products", new LoadSettings(TimeSpan.Zero, elapsed, connections), contexts);
        var rate = SteadyRate.Of(completedAt.Select(t => Stopwatch.GetElapsedTime(start, t).TotalSeconds), Window);
        var figures = new Dictionary<string, double>
        {
            ["products"] = count,
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["window"] = rate.Window,
            ["firstWindowPerSecond"] = Math.Round(rate.FirstPerSecond, 1),
            ["lastWindowPerSecond"] = Math.Round(rate.LastPerSecond, 1),
            ["lastToFirst"] = Math.Round(rate.LastToFirst, 3),
        };
        foreach (var (key, value) in cpu.PerOperation(result.Operations))
        {
            figures[key] = value;
        }

        var measurement = Measurement.From(result, run, figures) with
        {
            Mode = string.Create(CultureInfo.InvariantCulture, $"closed loop, {count:N0} new products in random sku order"),
        };
        session.Measurements.Add(measurement);
        session.Progress.WriteLine(Summary.Line(measurement));
    }

    /// <summary>One PUT of a new product; anything but 201 Created is an error of its status.</summary>
    private static async Task Create(HttpClient http, OperationContext context, string adminToken, string sku)
    {
        using var request = BenchHttp.Json(HttpMethod.Put, $"/api/products/{sku}", BenchCatalog.Definition(sku), adminToken);
        using var response = await http.SendAsync(request);
        await response.Content.CopyToAsync(Stream.Null);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            context.Error(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }
    }
}
