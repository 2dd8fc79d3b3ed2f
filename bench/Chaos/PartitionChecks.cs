using Shop.Bench.Chaos.Partition;

namespace Shop.Bench.Chaos;

/// <summary>
/// "No split brain", as far as it can be seen from outside: the cut-off silo was declared dead by the
/// others while it was cut off, it stopped by itself after learning so (its log says why), the rest
/// of the cluster kept accepting orders meanwhile, and after the heal every silo has exactly one
/// live incarnation in the membership table. (That no order was answered twice with different
/// outcomes is the order checks': one stored order per key, each final, one e-mail, stock adding up.)
/// </summary>
public static class PartitionChecks
{
    public static void Check(CheckResults results, PartitionObservation partition, Timeline timeline, IReadOnlyList<MembershipRow> membership, IReadOnlyList<int> siloPorts)
    {
        var silo = $"silo{partition.Victim}";
        var cutFor = (partition.HealedAt - partition.CutAt).TotalSeconds;
        results.Require(partition.DeclaredDeadAt is { } dead && dead <= partition.HealedAt,
            $"{silo} was not declared dead in the membership table during its {cutFor:0} s cut");
        results.Require(!partition.KilledByRun,
            $"{silo} was still running {PartitionFault.StopBound.TotalSeconds:0} s after the heal (the run killed it): a cut-off silo must stop once it is declared dead");
        results.Require(partition.KilledByRun || partition.DeadLines.Count > 0,
            $"{silo} stopped, but its log does not say it was declared dead (it stopped for another reason)");
        results.Require(partition is not { StoppedAt: { } stop, DeclaredDeadAt: { } declared } || stop >= declared,
            $"{silo} stopped before the membership table showed it Dead");

        var accepted = partition.DeclaredDeadAt is { } from
            ? timeline.Started(Attempt.PlaceOrder, from, partition.HealedAt).Count(a => a.Succeeded)
            : 0;
        results.Require(partition.DeclaredDeadAt is null || partition.DeclaredDeadAt >= partition.HealedAt || accepted > 0,
            $"no order was accepted between {silo} being declared dead and the heal: the rest of the cluster did not serve");

        foreach (var port in siloPorts)
        {
            var live = membership.Where(r => r.Port == port && !r.IsDead).ToArray();
            results.Require(live.Length == 1 && live[0].Status == MembershipRow.Active,
                $"the membership table holds {live.Length} live incarnations of the silo on port {port} after the run ({string.Join(", ", live.Select(r => $"generation {r.Generation} status {r.Status}"))}); expected one, Active");
        }

        results.Figures["partition.silo"] = silo;
        results.Figures["partition.cutSeconds"] = Math.Round(cutFor, 1);
        results.Figures["partition.declaredDeadAfterSeconds"] = Seconds(partition.DeclaredDeadAt - partition.CutAt);
        results.Figures["partition.stoppedAfterSeconds"] = Seconds(partition.StoppedAt - partition.CutAt);
        results.Figures["partition.stoppedBeforeHeal"] = partition.StoppedAt is { } s && s <= partition.HealedAt;
        results.Figures["partition.exitCode"] = partition.ExitCode?.ToString() ?? "-";
        results.Figures["partition.killedByRun"] = partition.KilledByRun;
        results.Figures["partition.deadLogLines"] = partition.DeadLines.Count;
        results.Figures["partition.rejoinSecondsAfterHeal"] = Math.Round((partition.RejoinedAt - partition.HealedAt).TotalSeconds, 1);
        results.Figures["partition.ordersAcceptedWhileDeclaredDead"] = accepted;
    }

    private static object Seconds(TimeSpan? span) => span is { } s ? Math.Round(s.TotalSeconds, 1) : "-";
}
