using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Configuration;
using Shop.Grains.Events;
using Shop.Grains.Security;
using Shop.Grains.Storage;
using Shop.Orders;

namespace Shop.Grains.Orders;

/// <summary>
/// The index of one user's orders, newest last, and the durable record of which of them are open
/// (still to be reconciled). It keeps the latest <see cref="Kept"/> entries (as many as GET
/// /api/orders can list), with per-hour totals of older ones for the hoarding limits; the orders
/// themselves are never dropped. Every order of the user is admitted here, one turn at a time, so
/// this is also where the hoarding limits are enforced. A user's concurrent orders meet here, so
/// writes are group-committed (the grain is reentrant). The write that admits an order also stores
/// the Pending order itself (<see cref="PlacedOrder"/>, the order's outbox record), so the order
/// writes nothing until it settles. Before the first open order is stored, the user is tracked by the
/// reconciliation of their partition, which is what reaches these orders after a crash.
/// An admission stores only the index's journal (<see cref="UserOrdersJournal"/>: the entries since the
/// index was last rewritten, the open orders and their records); the index itself is rewritten beside
/// it once the journal holds <see cref="OrderOptions.IndexJournalEntries"/> entries.
/// </summary>
[Reentrant]
public sealed class UserOrdersGrain : Grain, IUserOrdersGrain
{
    public const int Kept = OrderRules.ListedOrders;

    private readonly IPersistentState<UserOrdersState> _index;
    private readonly IPersistentState<UserOrdersJournal> _journal;
    private readonly int _journalEntries;
    private readonly TimeProvider _clock;
    private readonly int _partitions;
    private readonly bool _sweepSettled;
    private readonly SweepWatch _watch;
    // When each order was last reopened (a cancellation), on a counter of this activation: a
    // reconciliation pass that was under way then must neither mark it swept nor drop it.
    private readonly Dictionary<Guid, long> _reopenedAt = [];
    private long _reopens;
    private readonly ShopMetrics _metrics;
    private readonly OrderLimits _limits;
    private readonly ILogger<UserOrdersGrain> _logger;
    private readonly GroupCommit _commit;
    // Orders admitted and not yet settled. In memory only: the cap guards against piling up work,
    // and a restart of this grain forgets it, which at worst admits a few orders more.
    private readonly HashSet<Guid> _pending = [];
    // This activation's registration with the partition's reconciliation; null once reconciliation
    // found nothing open (it may then forget the user, so the next open order registers again).
    private Task? _tracked;
    // Changes kept in memory only (a settled order voided or dropped from the open ones): stored by
    // the next write, or on deactivation. The index's own flag also asks the next write to rewrite it.
    private bool _journalUnstored;
    private bool _indexUnstored;
    // How many of the journal's first entries a finished journal write holds.
    private int _journaledEntries;
    // An index stored before the journal, whose open orders and records the journal has not stored yet.
    private bool _takingOverIndex;

    public UserOrdersGrain(
        [PersistentState("user-orders", StorageNames.Orders)] IPersistentState<UserOrdersState> index,
        [PersistentState("user-orders-journal", StorageNames.Orders)] IPersistentState<UserOrdersJournal> journal,
        IOptions<OrderStreamOptions> streams,
        IOptions<OrderOptions> orders,
        IClusterMembershipService membership,
        IOptions<ClusterMembershipOptions> membershipOptions,
        TimeProvider clock,
        ShopMetrics metrics,
        ILogger<UserOrdersGrain> logger)
    {
        _metrics = metrics;
        _index = index;
        _journal = journal;
        _journalEntries = orders.Value.IndexJournalEntries;
        _clock = clock;
        _partitions = streams.Value.Partitions;
        _sweepSettled = orders.Value.SweepSettled;
        // Every silo re-reads the membership within its table refresh, and moves its queues when it sees a change.
        _watch = new SweepWatch(membership, clock, _sweepSettled ? orders.Value.SweepWatch : TimeSpan.Zero, membershipOptions.Value.TableRefreshTimeout);
        _limits = new OrderLimits(orders.Value.MaxUnitsPerProductPerDay, orders.Value.MaxValuePerDay);
        _logger = logger;
        _commit = new GroupCommit(Write);
    }

    private Guid UserId => this.GetPrimaryKey();

    private UserOrdersState Index => _index.State;
    private UserOrdersJournal Journal => _journal.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _takingOverIndex = Index.Open.Count > 0 || Index.Placed.Count > 0;
        _indexUnstored = UserOrdersRecovery.Merge(Index, Journal, _clock.GetUtcNow());
        _journaledEntries = Journal.Added.Count;
        return Task.CompletedTask;
    }

    private async Task Write()
    {
        var journal = Journal;
        var entries = journal.Added.Count;
        var confirmed = _journaledEntries;
        List<UserOrderEntry>? compacted = null;
        Task? indexWrite = null;
        if (_indexUnstored || entries >= _journalEntries)
        {
            // Side by side with the journal's write, from the same moment: the entries the journal
            // has not stored yet are marked, for a load that finds this write but not the journal's.
            Index.Unconfirmed = [.. journal.Added.Skip(confirmed).Select(e => e.OrderId)];
            compacted = journal.Added.GetRange(0, confirmed);
            _indexUnstored = false;
            indexWrite = _index.WriteStateAsync();
        }

        // Cleared before the write: a change made while it is in flight marks the record again.
        _journalUnstored = false;
        try
        {
            await _journal.WriteStateAsync();
        }
        catch
        {
            _journalUnstored = true;
            if (indexWrite is not null)
            {
                await indexWrite.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            }

            throw;
        }

        _journaledEntries = entries;
        if (_takingOverIndex)
        {
            // The journal holds them now: the index's own copies go with its next write.
            _takingOverIndex = false;
            Index.Open.Clear();
            Index.Placed.Clear();
            _indexUnstored = true;
        }

        if (indexWrite is null || compacted is null)
        {
            return;
        }

        try
        {
            await indexWrite;
            // Entries the index now holds and a journal write held before it began: no longer needed
            // there (the journal's next write drops them; a load before it finds them in both).
            // An entry voided while the index was being written is not in what was written: the
            // index's next write must carry it, since the journal no longer will.
            for (var i = 0; i < compacted.Count; i++)
            {
                if (!ReferenceEquals(journal.Added[i], compacted[i]))
                {
                    _indexUnstored = true;
                }
            }

            journal.Added.RemoveRange(0, confirmed);
            _journaledEntries -= confirmed;
        }
        catch (Exception ex)
        {
            // The journal holds every change, so the callers' changes are stored; the storage drops
            // this activation, and the next one rebuilds the index from the two.
            _indexUnstored = true;
            _logger.LogWarning(ex, "Rewriting the order index of user {UserId} failed; its journal holds the changes", UserId);
        }
    }

    public async Task<bool> Add(Guid orderId, DateTimeOffset createdAt) =>
        (await Admit(orderId, createdAt, [])).Outcome == OrderAdmission.Admitted;

    public Task Settled(Guid orderId) => Settled(orderId, OrderStatus.Confirmed);

    public Task<OrderAdmissionResult> Admit(Guid orderId, DateTimeOffset createdAt, IReadOnlyList<OrderLine> lines) =>
        Admit(orderId, createdAt, lines, placed: null);

    public Task<OrderAdmissionResult> Admit(PlacedOrder order) =>
        order.Created.UserId == UserId
            ? Admit(order.OrderId, order.Created.OccurredAt, order.Created.Items, order)
            : throw new ArgumentException("An order is admitted by its own user's index.", nameof(order));

    public Task<PlacedOrder?> FindPlaced(Guid orderId) =>
        Task.FromResult(VerifiedCaller.MayAccess(UserId) ? Journal.Placed.GetValueOrDefault(orderId) : null);

    private async Task<OrderAdmissionResult> Admit(Guid orderId, DateTimeOffset createdAt, IReadOnlyList<OrderLine> lines, PlacedOrder? placed)
    {
        var orders = Index.Orders;
        if (orders.Exists(o => o.OrderId == orderId))
        {
            // A retry: it is answered with the record stored first, not with its own.
            var earlier = Journal.Placed.GetValueOrDefault(orderId);
            if (earlier is null && placed is not null && Journal.Open.Contains(orderId))
            {
                // Indexed without a record (by the previous version, whose order then wrote its own,
                // or crashed first): the order did not settle, so this placement is its record.
                Journal.Placed[orderId] = placed;
                await _commit.Commit();
                return new OrderAdmissionResult(OrderAdmission.Admitted, null);
            }

            await _commit.WhenStored();
            return new OrderAdmissionResult(OrderAdmission.Admitted, null) { Earlier = earlier };
        }

        if (_pending.Count >= OrderRules.MaxPendingOrdersPerUser)
        {
            return new OrderAdmissionResult(OrderAdmission.TooManyPending, null);
        }

        // Checked and entered in this turn, before any await: a concurrent Admit of this user sees it.
        if (_limits.Refusal(Index, createdAt, lines) is { } reason)
        {
            return new OrderAdmissionResult(OrderAdmission.OverOrderLimit, reason);
        }

        // Made in memory at once, so that a concurrent Add of the same order finds it.
        _pending.Add(orderId);
        // Usually the newest: appended; an older one (a retried placement) goes to its place.
        var entry = new UserOrderEntry(orderId, createdAt) { Lines = lines };
        UserOrdersRecovery.Insert(orders, entry);
        Journal.Added.Add(entry);
        // Not stored by this: recovery folds the same entries again from the index and the journal.
        UserOrdersRecovery.Trim(Index, createdAt);
        Journal.Open.Add(orderId);
        if (placed is not null)
        {
            Journal.Placed[orderId] = placed;
        }

        try
        {
            await Track();
            await _commit.Commit();
        }
        catch
        {
            // Not stored: it must not count against the limits of the user's next try, and the
            // order it describes was never placed (its caller gets the failure).
            _pending.Remove(orderId);
            orders.RemoveAll(o => o.OrderId == orderId);
            Journal.Added.RemoveAll(o => o.OrderId == orderId);
            Journal.Placed.Remove(orderId);
            throw;
        }

        return new OrderAdmissionResult(OrderAdmission.Admitted, null);
    }

    public Task Settled(Guid orderId, OrderStatus status)
    {
        _pending.Remove(orderId);
        // The order has written its settled state: its record here is no longer needed.
        Journal.Placed.Remove(orderId);
        var orders = Index.Orders;
        var at = status is OrderStatus.Rejected or OrderStatus.Cancelled ? orders.FindIndex(o => o.OrderId == orderId) : -1;
        if (at >= 0 && !orders[at].Void)
        {
            // No write of its own (a rejection would cost one): stored by the next write, or when
            // this activation ends. Lost only with a crash, which leaves the limits stricter.
            orders[at] = orders[at] with { Void = true };
            var journaled = Journal.Added.FindIndex(o => o.OrderId == orderId);
            if (journaled >= 0)
            {
                Journal.Added[journaled] = orders[at];
                _journalUnstored = true;
            }
            else
            {
                _indexUnstored = true;
            }
        }

        if (!_sweepSettled)
        {
            // Settled and published, and no sweep to come: nothing left to reconcile. Dropped in
            // memory; the next write stores it (a stale entry only costs reconciliation a call).
            Journal.Open.Remove(orderId);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!_journalUnstored && !_indexUnstored)
        {
            return;
        }

        try
        {
            await _commit.Commit();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Storing the settled orders of user {UserId} on deactivation failed; their limits stay stricter until they settle again", UserId);
        }
    }

    public async Task Reopen(Guid orderId)
    {
        // Its next change (a cancellation) is swept on its own, whatever a watch of the last one says.
        _watch.Forget(orderId);
        _reopenedAt[orderId] = ++_reopens;
        if (!Journal.Open.Add(orderId))
        {
            await _commit.WhenStored();
            return;
        }

        await Track();
        await _commit.Commit();
    }

    public async Task<bool> Reconcile()
    {
        var open = Journal.Open.ToArray();
        var started = _reopens;
        var steps = open.Select(_watch.Next).ToArray();
        var resweeps = steps.Count(s => s == SweepStep.Resweep);
        if (resweeps > 0)
        {
            _metrics.Resweeps.Add(resweeps);
            _logger.LogDebug("Sweeping {Count} settled orders of user {UserId} again: the active silos changed around their sweep", resweeps, UserId);
        }

        var done = await Task.WhenAll(open.Select((id, i) => steps[i] switch
        {
            SweepStep.Reconcile or SweepStep.Resweep => ReconcileOrder(id, started),
            var step => Task.FromResult(step == SweepStep.Done),
        }));

        var dropped = 0;
        for (var i = 0; i < open.Length; i++)
        {
            if (done[i] && !ReopenedSince(open[i], started) && Journal.Open.Remove(open[i]))
            {
                Journal.Placed.Remove(open[i]);
                _watch.Forget(open[i]);
                _reopenedAt.Remove(open[i]);
                _pending.Remove(open[i]);
                dropped++;
            }
        }

        if (dropped > 0)
        {
            await _commit.Commit();
        }

        if (Journal.Open.Count > 0)
        {
            return false;
        }

        _tracked = null;
        return true;
    }

    /// <summary>
    /// Has the order publish what it owes, or sweep it once settled. A swept order is then watched
    /// (<see cref="SweepWatch"/>) rather than asked again; true once it may leave reconciliation.
    /// </summary>
    private async Task<bool> ReconcileOrder(Guid orderId, long passStarted)
    {
        try
        {
            if (!await GrainFactory.GetGrain<IOrderGrain>(orderId).Reconcile(Journal.Placed.GetValueOrDefault(orderId)))
            {
                return false;
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Reconciling order {OrderId} of user {UserId} failed; trying again next period", orderId, UserId);
            return false;
        }

        if (ReopenedSince(orderId, passStarted))
        {
            // Cancelled while it was asked: the answer was about its earlier change.
            return false;
        }

        // Settled (or never placed): no longer pending, whatever the watch keeps open.
        _pending.Remove(orderId);
        _watch.Swept(orderId);
        return _watch.Next(orderId) == SweepStep.Done;
    }

    private bool ReopenedSince(Guid orderId, long passStarted) => _reopenedAt.GetValueOrDefault(orderId) > passStarted;

    public Task<IReadOnlyList<Guid>> GetRecent(int limit) =>
        Task.FromResult<IReadOnlyList<Guid>>(VerifiedCaller.MayAccess(UserId)
            ? [.. Index.Orders.AsEnumerable().Reverse().Take(Math.Max(0, limit)).Select(o => o.OrderId)]
            : []);

    public async Task<UserOrderStatistics> GetStatistics()
    {
        if (!VerifiedCaller.MayAccess(UserId))
        {
            return new UserOrderStatistics(0, 0, 0m);
        }

        // Bounded by Kept; the reads are in-cluster calls, not one round trip each from the gateway.
        var ids = Index.Orders.Select(o => o.OrderId).ToArray();
        var orders = (await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IOrderGrain>(id).Get())))
            .OfType<OrderSnapshot>().Where(o => o.UserId == UserId).ToArray();
        var confirmed = orders.Where(o => o.Status == OrderStatus.Confirmed).ToArray();
        return new UserOrderStatistics(orders.Length, confirmed.Length, confirmed.Sum(o => o.Total));
    }

    /// <summary>Registers the user with the partition's reconciliation once per activation (and again after it was dropped).</summary>
    private Task Track()
    {
        if (_tracked is { IsFaulted: true } or { IsCanceled: true })
        {
            _tracked = null;
        }

        return _tracked ??= GrainFactory.GetGrain<IOrderReconciliationGrain>(OrderPartitions.Of(UserId, _partitions)).Track(UserId);
    }
}
