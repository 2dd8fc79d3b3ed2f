using System.Diagnostics;
using HdrHistogram;

namespace Shop.Bench.Load;

/// <summary>
/// Runs one operation over and over from many workers, closed loop or at a fixed rate, with a
/// warm-up whose results are dropped, and prints a progress line every second.
/// </summary>
public static class LoadRunner
{
    public static async Task<LoadResult> Run(string name, LoadSettings settings, Func<OperationContext, Task> operation, TextWriter progress)
    {
        var contexts = Enumerable.Range(0, settings.Connections).Select(i => new OperationContext(i)).ToArray();
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(settings.Warmup);
        var measureUntil = measureFrom + Ticks(settings.Duration);
        long next = -1;
        long completed = 0;
        var ticksPerOperation = settings.Rate is { } rate ? Stopwatch.Frequency / rate : 0;
        OperationContext.LiveErrors = 0;

        async Task Worker(OperationContext context)
        {
            while (true)
            {
                var sequence = Interlocked.Increment(ref next);
                long due;
                if (settings.Rate is null)
                {
                    due = Stopwatch.GetTimestamp();
                }
                else
                {
                    due = start + (long)(sequence * ticksPerOperation);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }

                if (due >= measureUntil)
                {
                    return;
                }

                context.Sequence = sequence;
                context.DueTimestamp = due;
                context.Measuring = due >= measureFrom;
                try
                {
                    await operation(context);
                }
                catch (Exception ex)
                {
                    context.Error(ex is TaskCanceledException or OperationCanceledException ? "timeout" : ex.GetType().Name);
                }

                context.RecordSince(LoadResult.RequestMetric, due);
                Interlocked.Increment(ref completed);
            }
        }

        var workers = contexts.Select(c => Task.Run(() => Worker(c))).ToArray();
        var all = Task.WhenAll(workers);
        long lastCompleted = 0;
        var interactive = !Console.IsOutputRedirected;
        var tick = 0;
        while (await Task.WhenAny(all, Task.Delay(1000)) != all)
        {
            var elapsed = Stopwatch.GetElapsedTime(start);
            var now = Interlocked.Read(ref completed);
            var line = $"  {name,-22} {(elapsed < settings.Warmup ? "warm-up" : "measuring"),-9} {elapsed.TotalSeconds,5:0}s / {(settings.Warmup + settings.Duration).TotalSeconds:0}s  " +
                $"{now - lastCompleted,8:N0} ops/s  errors {Interlocked.Read(ref OperationContext.LiveErrors),6:N0}";
            lastCompleted = now;
            // On a terminal one line updated in place; in a log one line every 5 seconds.
            if (interactive)
            {
                progress.Write($"\r{line}   ");
            }
            else if (++tick % 5 == 0)
            {
                progress.WriteLine(line);
            }
        }

        await all;
        if (interactive)
        {
            progress.Write("\r" + new string(' ', 100) + "\r");
        }
        return LoadResult.Merge(name, settings, contexts);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
