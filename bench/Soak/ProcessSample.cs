using System.Globalization;
using System.Text.RegularExpressions;
using Shop.Bench.Hosting;

namespace Shop.Bench.Soak;

/// <summary>One reading of a process: resident memory, managed heap (from its /metrics), open handles and threads.</summary>
public sealed partial record ProcessSample(TimeSpan At, string Process, long ResidentBytes, long? ManagedHeapBytes, int Handles, int Threads)
{
    [GeneratedRegex(@"^dotnet_gc_last_collection_heap_size_bytes\{[^}]*\}\s+(?<v>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex HeapSize();

    public static async Task<ProcessSample> Take(TimeSpan at, ManagedProcess process, HttpClient http, string metricsUrl)
    {
        long? heap = null;
        try
        {
            // The heap after the last collection, all generations: what survives, so what could leak.
            var metrics = await http.GetStringAsync(metricsUrl);
            var sizes = HeapSize().Matches(metrics).Select(m => double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture)).ToArray();
            heap = sizes.Length == 0 ? null : (long)sizes.Sum();
        }
        catch (HttpRequestException)
        {
            // The figure is missing from this sample, not the sample.
        }

        return new ProcessSample(at, process.Name, process.ResidentBytes(), heap, process.OpenHandles(), process.Threads());
    }
}
