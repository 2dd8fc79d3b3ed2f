using Orleans.Runtime;

namespace Shop.Grains.Orders;

/// <summary>What a reconciliation pass does with one open order of a user's index.</summary>
internal enum SweepStep
{
    /// <summary>Ask the order to reconcile: it has not been swept yet.</summary>
    Reconcile,

    /// <summary>Ask the order to reconcile, which sweeps it again: a silo of its sweep has left the cluster since.</summary>
    Resweep,

    /// <summary>Swept; its watch is not over yet: keep it open and do nothing.</summary>
    Watch,

    /// <summary>Swept and watched without a silo lost: the order may leave reconciliation.</summary>
    Done,
}

/// <summary>
/// The settled orders a user's index has seen swept, each with the cluster's membership at that
/// moment. The sweep is the repair for events a dying silo's memory queues lost, and it travels the
/// same queues: a silo that dies holding the sweep's events loses them too, and nothing else would
/// ever repeat them (the chaos run lost one confirmation e-mail of about 43,000 that way). A death
/// shows in the membership only once the cluster has detected it, so a swept order stays open for
/// the watch period (longer than that detection), and is swept again when a silo that was in the
/// cluster at its sweep has left it meanwhile. A silo that joins changes nothing. In memory only: a
/// new activation of the index asks its open orders again, and each sweeps once more, which is what
/// an index lost with its silo needs anyway.
/// </summary>
internal sealed class SweepWatch(IClusterMembershipService membership, TimeProvider clock, TimeSpan period)
{
    private readonly Dictionary<Guid, (long SweptAt, ClusterMembershipSnapshot Cluster)> _swept = [];

    /// <summary>How many swept orders are being watched.</summary>
    public int Count => _swept.Count;

    /// <summary>The order has just been swept: its watch starts now, against the membership as this silo sees it.</summary>
    public void Swept(Guid orderId) => _swept[orderId] = (clock.GetTimestamp(), membership.CurrentSnapshot);

    /// <summary>The order left reconciliation, or changed again (a cancellation) and needs a sweep of its own.</summary>
    public void Forget(Guid orderId) => _swept.Remove(orderId);

    public SweepStep Next(Guid orderId)
    {
        if (!_swept.TryGetValue(orderId, out var swept))
        {
            return SweepStep.Reconcile;
        }

        if (LostASilo(swept.Cluster, membership.CurrentSnapshot))
        {
            _swept.Remove(orderId);
            return SweepStep.Resweep;
        }

        return clock.GetElapsedTime(swept.SweptAt) >= period ? SweepStep.Done : SweepStep.Watch;
    }

    /// <summary>
    /// Whether a silo that was in the cluster in <paramref name="then"/> (joining, active or on its
    /// way out) has since left or begun to leave it: its memory queues may have held events that
    /// were published while it was there.
    /// </summary>
    public static bool LostASilo(ClusterMembershipSnapshot then, ClusterMembershipSnapshot now)
    {
        if (now.Version == then.Version)
        {
            return false;
        }

        foreach (var (silo, member) in then.Members)
        {
            if (member.Status == SiloStatus.Dead)
            {
                continue;
            }

            var status = now.GetSiloStatus(silo);
            if (status != member.Status && status is not (SiloStatus.Active or SiloStatus.Joining))
            {
                return true;
            }
        }

        return false;
    }
}
