using Shop.Bench.Chaos.Partition;
using Shop.Bench.Hosting;

namespace Shop.Bench.Chaos;

/// <summary>
/// The partition fault: one silo cut off from the other silos and from the gateway while its process
/// keeps running and keeps PostgreSQL, until the others declared it dead and it stopped, at most
/// <see cref="ChaosOptions.Partition"/>. Failure detection takes longer for a cut than for a crash:
/// Orleans 10.4 suppresses votes against a silo whose connection received a message within
/// MaxProbeTimeout × NumMissedProbesLimit (60 s by default), and a cut connection is not closed. Meanwhile the run watches the membership table and the
/// process; after the heal the silo must have stopped by itself (it learns from the table that it
/// was declared dead), and the run starts it again so that it rejoins as a new incarnation.
/// </summary>
public static class PartitionFault
{
    /// <summary>How long after the heal a cut silo that has not stopped yet may take to do so before the run kills it (a violation).</summary>
    public static readonly TimeSpan StopBound = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>The lines Orleans logs when a silo learns it was declared dead (MembershipTableManager).</summary>
    public static readonly string[] DeadMarkers =
    [
        "I have been told I am dead",
        "I should be Dead according to the membership table",
        "The membership view classifies this silo as Dead",
    ];

    public static async Task<PartitionObservation> Run(ShopSystem system, CgroupTree cgroups, string runId, int victim, Timeline timeline, ChaosOptions options)
    {
        var others = Enumerable.Range(0, system.SiloCount).Where(i => i != victim).Select(system.SiloPort).ToArray();
        var rules = new PartitionRules($"SHOP-CHAOS-{runId}", cgroups.ChildPath(victim), [system.SiloPort(victim), system.SiloGatewayPort(victim)], others);
        var process = system.SiloProcess(victim) ?? throw new InvalidOperationException($"silo{victim} is not running.");
        var port = system.SiloPort(victim);
        var generation = MembershipRow.Newest(await MembershipRow.Read(system), port)?.Generation;

        TimeSpan? dead = null, stopped = null;
        async Task Watch()
        {
            if (dead is null && MembershipRow.Newest(await MembershipRow.Read(system), port) is { IsDead: true } row && row.Generation == generation)
            {
                dead = timeline.Mark($"silo{victim} is Dead in the membership table");
            }

            if (stopped is null && process.HasExited)
            {
                stopped = timeline.Mark($"silo{victim}'s process stopped (exit code {process.ExitCode})");
            }
        }

        timeline.Mark($"membership before the cut: {Describe(await MembershipRow.Read(system))}");
        var cutAt = timeline.Mark($"partition: silo{victim} cut off from the other silos and the gateway (iptables; its PostgreSQL connection kept)");
        TimeSpan healedAt;
        using (NetworkCut.Apply(rules))
        {
            // Healed once the cluster declared the silo dead and the silo stopped, or at the bound.
            while (timeline.Now < cutAt + options.Partition && (dead is null || stopped is null))
            {
                await Watch();
                await Task.Delay(Poll);
            }

            await Watch();
        }

        healedAt = timeline.Mark($"partition healed (rules removed); membership then: {Describe(await MembershipRow.Read(system))}");
        while (stopped is null && timeline.Now < healedAt + StopBound)
        {
            await Task.Delay(Poll);
            await Watch();
        }

        var killed = false;
        if (stopped is null)
        {
            killed = true;
            timeline.Mark($"silo{victim} still running {StopBound.TotalSeconds:0} s after the heal: kill -9");
            system.KillSilo(victim);
        }

        var exitCode = process.ExitCode;
        var deadLines = File.ReadLines(process.LogFile).Where(l => DeadMarkers.Any(m => l.Contains(m, StringComparison.Ordinal))).ToArray();
        timeline.Mark($"silo{victim} starting again");
        await system.StartSiloAsync(victim);
        var rejoined = timeline.Mark($"silo{victim} ready");
        return new PartitionObservation
        {
            Victim = victim,
            CutAt = cutAt,
            HealedAt = healedAt,
            DeclaredDeadAt = dead,
            StoppedAt = stopped,
            ExitCode = exitCode,
            KilledByRun = killed,
            RejoinedAt = rejoined,
            DeadLines = deadLines,
        };
    }

    private static string Describe(IEnumerable<MembershipRow> rows) =>
        string.Join("; ", rows.Where(r => !r.IsDead).OrderBy(r => r.Port).Select(r => $"port {r.Port} gen {r.Generation} status {r.Status}{(r.SuspectTimes is { Length: > 0 } s ? $" suspected by {s}" : "")}"));
}
