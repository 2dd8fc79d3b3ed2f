using Shop.Bench.Hosting;

namespace Shop.Bench.Chaos;

/// <summary>
/// A silo killed in the middle of event batches: a burst of orders on top of the steady load, and
/// kill -9 of a silo the moment the last of them was accepted (202: stored and published), while the
/// partition consumers are still working through the burst's events. The events of the killed
/// silo's partitions must still be handled, once each.
/// </summary>
public static class BatchKillFault
{
    /// <summary>The burst is normally accepted within a second or two; a cluster that takes longer gets its kill anyway.</summary>
    private static readonly TimeSpan AcceptBound = TimeSpan.FromSeconds(15);

    public static async Task<(TimeSpan From, TimeSpan To)> Run(ShopSystem system, ChaosLoad load, int victim, Timeline timeline, ChaosOptions options)
    {
        var from = timeline.Mark($"burst of {options.Burst} orders on top of the load");
        var burst = load.Burst(options.Burst);
        var accepted = await Task.WhenAny(burst, Task.Delay(AcceptBound)) == burst;
        system.KillSilo(victim);
        timeline.Mark(accepted
            ? $"kill -9 silo{victim}: every order of the burst accepted, their events in flight"
            : $"kill -9 silo{victim}: the burst was not all accepted within {AcceptBound.TotalSeconds:0} s");
        await Task.Delay(options.RestartAfter);
        timeline.Mark($"silo{victim} starting again");
        await system.StartSiloAsync(victim);
        return (from, timeline.Mark($"silo{victim} ready"));
    }
}
