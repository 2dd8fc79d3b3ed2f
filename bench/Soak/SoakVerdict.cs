using Shop.Bench.Load;

namespace Shop.Bench.Soak;

/// <summary>
/// The soak's checks: zero errors in the measured window, and per process, from the first sample
/// after the warm-up to the last: resident memory within the memory bound, open handles and threads
/// within the handle bound (a relative bound plus 20, so a handful of pooled sockets is not a leak).
/// </summary>
public sealed record SoakVerdict(IReadOnlyList<string> Violations, IReadOnlyList<(string Process, ProcessSample Start, ProcessSample End)> Growth)
{
    public const double MiB = 1024 * 1024;
    private const int HandleSlack = 20;

    public static SoakVerdict Judge(SoakOptions options, LoadResult result, IReadOnlyList<ProcessSample> samples)
    {
        var violations = new List<string>();
        if (result.ErrorCount > 0)
        {
            violations.Add($"{result.ErrorCount} errors: {string.Join(", ", result.Errors.Select(kv => $"{kv.Value} x {kv.Key}"))}");
        }

        var growth = new List<(string, ProcessSample, ProcessSample)>();
        foreach (var process in samples.GroupBy(s => s.Process))
        {
            var start = process.FirstOrDefault(s => s.At >= options.Warmup) ?? process.Last();
            var end = process.Last();
            growth.Add((process.Key, start, end));
            if (end.ResidentBytes > start.ResidentBytes * (1 + options.MemoryGrowthBound))
            {
                violations.Add($"{process.Key}: resident memory grew from {start.ResidentBytes / MiB:0} to {end.ResidentBytes / MiB:0} MiB (bound +{options.MemoryGrowthBound:P0})");
            }

            if (end.Handles > start.Handles * (1 + options.HandleGrowthBound) + HandleSlack)
            {
                violations.Add($"{process.Key}: open handles grew from {start.Handles} to {end.Handles}");
            }

            if (end.Threads > start.Threads * (1 + options.HandleGrowthBound) + HandleSlack)
            {
                violations.Add($"{process.Key}: threads grew from {start.Threads} to {end.Threads}");
            }
        }

        return new SoakVerdict(violations, growth);
    }
}
