using Orleans.Runtime;

namespace Shop.Grains.Orders;

/// <summary>What a reconciliation pass does with one open order of a user's index.</summary>
internal enum SweepStep
{
    /// <summary>Ask the order to reconcile: it has not been swept yet.</summary>
    Reconcile,

    /// <summary>Ask the order to reconcile, which sweeps it again: the silos that own the queues changed around its sweep.</summary>
    Resweep,

    /// <summary>Swept; its watch is not over yet: keep it open and do nothing.</summary>
    Watch,

    /// <summary>Swept and watched with the active silos unchanged: the order may leave reconciliation.</summary>
    Done,
}

/// <summary>
/// The settled orders a user's index has seen swept, and the cluster's active silos. The sweep is
/// the repair for events that memory queues lost, and it travels the same queues, so it can be lost
/// the same way; nothing else would ever repeat it. A queue's events are lost when the silo pulling
/// it dies, and also when it lets the queue go: the queues are dealt out over the active silos, so
/// whenever a silo becomes active or stops being active, queues move, and the silo that lets one go
/// drops the events it had pulled and not yet delivered (Orleans' pulling agent discards its cache
/// on shutdown; the memory queue has already handed them over). The chaos run lost confirmation
/// e-mails both ways: one of 43,000 to a death, and six of 24,000 to a restarted silo's return once
/// the mailer's deliveries took longer.
/// <para>
/// So a swept order stays open for the watch period, longer than the cluster takes to declare a
/// silo dead; and if the active silos change after its sweep, or changed so shortly before it that
/// some silo may not have moved its queues yet, the order is swept again once the change is
/// <c>settle</c> old (every silo re-reads the membership within that time, and moves its queues
/// when it sees the change). In memory only: a new activation of the index asks its open orders
/// again, and each sweeps once more, which is what an index lost with its silo needs anyway.
/// </para>
/// </summary>
internal sealed class SweepWatch
{
    private readonly IClusterMembershipService _membership;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _period;
    private readonly TimeSpan _settle;
    private readonly Dictionary<Guid, long> _sweptAt = [];
    private MembershipVersion _seenVersion;
    private HashSet<SiloAddress> _active;
    // When this index first saw the active silos as they are now; null while it has seen no change.
    private long? _changedAt;

    public SweepWatch(IClusterMembershipService membership, TimeProvider clock, TimeSpan period, TimeSpan settle)
    {
        _membership = membership;
        _clock = clock;
        _period = period;
        _settle = settle;
        var snapshot = membership.CurrentSnapshot;
        _seenVersion = snapshot.Version;
        _active = ActiveSilos(snapshot);
    }

    /// <summary>How many swept orders are being watched.</summary>
    public int Count => _sweptAt.Count;

    /// <summary>The order has just been swept: its watch starts now.</summary>
    public void Swept(Guid orderId)
    {
        Look();
        _sweptAt[orderId] = _clock.GetTimestamp();
    }

    /// <summary>The order left reconciliation, or changed again (a cancellation) and needs a sweep of its own.</summary>
    public void Forget(Guid orderId) => _sweptAt.Remove(orderId);

    public SweepStep Next(Guid orderId)
    {
        if (!_sweptAt.TryGetValue(orderId, out var sweptAt))
        {
            return SweepStep.Reconcile;
        }

        if (_period <= TimeSpan.Zero)
        {
            return SweepStep.Done;
        }

        Look();
        if (_changedAt is { } changedAt && _clock.GetElapsedTime(changedAt, sweptAt) < _settle)
        {
            // The change came after the sweep, or too shortly before it: sweep again once every silo has moved its queues.
            if (_clock.GetElapsedTime(changedAt) < _settle)
            {
                return SweepStep.Watch;
            }

            _sweptAt.Remove(orderId);
            return SweepStep.Resweep;
        }

        return _clock.GetElapsedTime(sweptAt) >= _period ? SweepStep.Done : SweepStep.Watch;
    }

    /// <summary>Notes the time of a change of the active silos (the first time this index sees it).</summary>
    private void Look()
    {
        var snapshot = _membership.CurrentSnapshot;
        if (snapshot.Version == _seenVersion)
        {
            return;
        }

        _seenVersion = snapshot.Version;
        var active = ActiveSilos(snapshot);
        if (!active.SetEquals(_active))
        {
            _active = active;
            _changedAt = _clock.GetTimestamp();
        }
    }

    /// <summary>The silos queues are dealt out to: Orleans' consistent ring adds a silo once it is active and removes it once it is terminating.</summary>
    private static HashSet<SiloAddress> ActiveSilos(ClusterMembershipSnapshot snapshot) =>
        [.. snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)];
}
