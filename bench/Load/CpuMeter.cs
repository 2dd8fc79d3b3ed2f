using System.Diagnostics;
using Shop.Bench.Hosting;

namespace Shop.Bench.Load;

/// <summary>
/// Where the machine's CPU went during the measured window: CPU milliseconds per operation of the
/// gateway, the silo, the baseline server and the load generator itself. On a shared two-core
/// machine this says what limits a scenario better than the throughput alone.
/// </summary>
public sealed class CpuMeter
{
    private readonly Dictionary<string, Func<TimeSpan>> _sources = [];
    private Dictionary<string, TimeSpan> _start = [];

    public static CpuMeter Start(BenchSession session, TimeSpan warmup)
    {
        var meter = new CpuMeter();
        meter._sources["loadgen"] = () => Process.GetCurrentProcess().TotalProcessorTime;
        meter._sources["gateway"] = session.System.Gateway.CpuTime;
        meter._sources["silo"] = session.System.Silo.CpuTime;
        if (session.Baseline is { } baseline)
        {
            meter._sources["baseline"] = baseline.CpuTime;
        }

        // The first reading when the warm-up ends, like the latencies.
        _ = Task.Delay(warmup).ContinueWith(_ => meter._start = meter.Read(), TaskScheduler.Default);
        return meter;
    }

    public IReadOnlyDictionary<string, double> PerOperation(long operations)
    {
        var end = Read();
        var result = new Dictionary<string, double>();
        if (operations == 0 || _start.Count == 0)
        {
            return result;
        }

        foreach (var (name, time) in end)
        {
            var used = (time - _start[name]).TotalMilliseconds;
            if (used > 1)
            {
                result[$"cpuMsPerOp.{name}"] = Math.Round(used / operations, 3);
            }
        }

        return result;
    }

    private Dictionary<string, TimeSpan> Read() => _sources.ToDictionary(kv => kv.Key, kv => kv.Value());
}
