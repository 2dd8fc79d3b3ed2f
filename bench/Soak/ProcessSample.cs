using System.Globalization;
using System.Text.RegularExpressions;
using Shop.Bench.Hosting;

namespace Shop.Bench.Soak;

/// <summary>
/// One reading of a process: resident memory, managed heap and grain activations (from its /metrics),
/// open handles and threads.
/// </summary>
public sealed partial record ProcessSample(TimeSpan At, string Process, long ResidentBytes, long? ManagedHeapBytes, int Handles, int Threads, long? Activations = null)
{
    [GeneratedRegex(@"^dotnet_gc_last_collection_heap_size_bytes\{[^}]*\}\s+(?<v>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex HeapSize();

    [GeneratedRegex(@"^orleans_catalog_activation_(?<what>created|destroyed)_total\{[^}]*\}\s+(?<v>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex ActivationCounters();

    public static async Task<ProcessSample> Take(TimeSpan at, ManagedProcess process, HttpClient http, string metricsUrl)
    {
        long? heap = null;
        long? activations = null;
        try
        {
            // The heap after the last collection, all generations: what survives, so what could leak.
            var metrics = await http.GetStringAsync(metricsUrl);
            var sizes = HeapSize().Matches(metrics).Select(m => double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture)).ToArray();
            heap = sizes.Length == 0 ? null : (long)sizes.Sum();
            // Activations alive now (a silo only): created minus destroyed, over every grain type.
            var counters = ActivationCounters().Matches(metrics).ToArray();
            activations = counters.Length == 0 ? null : (long)counters.Sum(m =>
                (m.Groups["what"].Value == "created" ? 1 : -1) * double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException)
        {
            // The figure is missing from this sample, not the sample.
        }

        return new ProcessSample(at, process.Name, process.ResidentBytes(), heap, process.OpenHandles(), process.Threads(), activations);
    }
}
