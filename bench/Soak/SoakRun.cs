using System.Diagnostics;
using Shop.Bench.Hosting;
using Shop.Bench.Load;

namespace Shop.Bench.Soak;

/// <summary>
/// <c>bench -- soak</c>: the mixed load at a fixed rate for the whole run, both processes sampled
/// throughout; no error, and no growth of memory, handles or threads from the first sample after the
/// warm-up to the last beyond the bounds.
/// </summary>
public static class SoakRun
{
    public static async Task<int> Execute(SoakOptions options, TextWriter output)
    {
        output.WriteLine($"Orleans.Shop soak: {(options.Postgres ? "durable (PostgreSQL)" : "embedded")}, {options.Rate:0} operations/s, " +
            $"{options.Warmup.TotalMinutes:0.#} min warm-up + {options.Duration.TotalMinutes:0.#} min measured");
        var bench = new BenchOptions
        {
            Postgres = options.Postgres,
            Skus = 200,
            Users = 32,
            Scenarios = [],
            Shape = new SystemShape(Settings: new Dictionary<string, string>
            {
                ["Shop:Activations:CollectionAge"] = options.CollectionAge.ToString("c"),
            }),
        };
        await using var session = await BenchSession.StartAsync(bench, output);
        var system = session.System;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var samples = new List<ProcessSample>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        async Task Sample()
        {
            samples.Add(await ProcessSample.Take(clock.Elapsed, system.Gateway, http, $"{system.GatewayUrl}/metrics"));
            samples.Add(await ProcessSample.Take(clock.Elapsed, system.Silo, http, $"{system.SiloUrl(0)}/metrics"));
            var last = samples.TakeLast(2).ToArray();
            output.WriteLine($"  {clock.Elapsed.TotalMinutes,5:0.0} min  " + string.Join("   ", last.Select(s =>
                $"{s.Process}: rss {s.ResidentBytes / SoakVerdict.MiB:0} MiB, heap {(s.ManagedHeapBytes is { } h ? $"{h / SoakVerdict.MiB:0} MiB" : "?")}, {s.Handles} handles, {s.Threads} threads" +
                (s.Activations is { } a ? $", {a} activations" : ""))));
        }

        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(options.SampleEvery);
            await Sample();
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    await Sample();
                }
            }
            catch (OperationCanceledException)
            {
                // The load ended.
            }
        });

        // Many workers: an order followed to Confirmed holds one for a while; the rate, not the workers, sets the load.
        var settings = new LoadSettings(options.Warmup, options.Duration, 256, options.Rate);
        using var client = BenchHttp.Create(system.GatewayUrl, settings.Connections);
        var result = await LoadRunner.Run("soak", settings, context => MixedLoad.Next(client, context, session), output);
        await stop.CancelAsync();
        await sampler;
        await Sample();

        var verdict = SoakVerdict.Judge(options, result, samples);
        var report = SoakReport.Write(options, result, samples, verdict, output);
        output.WriteLine($"Report: {report}");
        return verdict.Violations.Count == 0 ? 0 : 1;
    }
}
