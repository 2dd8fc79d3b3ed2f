using System.ComponentModel.DataAnnotations;

namespace Shop.Grains.Orders;

/// <summary>Configuration section "Shop:Orders".</summary>
public sealed class OrderOptions
{
    public const string Section = "Shop:Orders";

    /// <summary>
    /// Period of each partition's reconciliation (<see cref="OrderReconciliationGrain"/>): it has the
    /// users with open orders reconcile them, which publishes what an order still owes (after a
    /// crash), re-publishes what a consumer gave up on, and sweeps settled orders once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReconcilePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A Pending order older than this re-publishes OrderCreated on its next reconciliation: memory
    /// streams can lose acknowledged events when a silo dies, and consumers are idempotent.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RepublishPendingAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reconciliation by a durable reminder per partition (true: survives a crash) or by a grain timer
    /// (false: for the embedded mode, where a crash of the one in-memory silo loses everything anyway).
    /// </summary>
    public bool DurableReconciliation { get; set; } = true;

    /// <summary>
    /// Whether a settled order re-publishes the events of its last change once, at least
    /// <see cref="SweepAfter"/> after it settled (the sweep). It repairs events that a dying silo's
    /// memory queues lost after accepting them; with one in-memory silo (embedded mode) a dying silo
    /// loses everything anyway, so there it is off.
    /// </summary>
    public bool SweepSettled { get; set; } = true;

    /// <summary>How long after settling an order is swept: time for its events to have been delivered (or lost).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long after its sweep a settled order stays open, while its user's index watches the
    /// cluster's membership: if the active silos change meanwhile (a silo leaving or becoming active
    /// moves queues, and a queue's events can be lost with the move), the order is swept again. Keep it above the
    /// time the cluster takes to declare a silo dead and every silo to see it: with the silo's
    /// Shop:Membership settings at most 14 s (MaxProbeTimeout x NumMissedProbesLimit + ProbeTimeout)
    /// plus at most 10 s for the table refresh (TableRefreshTimeout); Orleans' own defaults take
    /// about a minute. Every change of the active silos sweeps again the orders swept within it, and a user's index
    /// stays in use that long after their last order, so longer costs too. The statistics' dedupe
    /// window must cover it (checked at start-up).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SweepWatch { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest an order can be open after it settled while the cluster changes at most once in a
    /// watch, and so how late a repeat of one of its events can come: the sweep's wait, a
    /// reconciliation period to reach it, its watch, the wait for a change seen at the watch's end to
    /// reach every silo (<paramref name="membershipSettle"/>, the table refresh), and a period to
    /// reach the order again.
    /// </summary>
    public TimeSpan RepeatsEndWithin(TimeSpan membershipSettle) =>
        SweepAfter + ReconcilePeriod + SweepWatch + membershipSettle + ReconcilePeriod;

    /// <summary>
    /// Hoarding limit: the most units of one product a user may order within a rolling 24 hours,
    /// counting orders that are Pending or Confirmed (cancelled and rejected ones stop counting).
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxUnitsPerProductPerDay { get; set; } = 10;

    /// <summary>Hoarding limit: the most value (order totals) a user may order within a rolling 24 hours, counted as above.</summary>
    [Range(typeof(decimal), "0.01", "79228162514264337593543950335")]
    public decimal MaxValuePerDay { get; set; } = 5000m;

    /// <summary>
    /// How many admitted orders a user's order index keeps in its journal before it rewrites the
    /// index itself (the latest 100 entries with their lines, and the hourly totals) beside the
    /// journal's write. An admission writes the journal only; 1 rewrites the index with every one.
    /// </summary>
    [Range(1, 1000)]
    public int IndexJournalEntries { get; set; } = 16;

    /// <summary>How often a grain retries publishing owed events while it is active.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan OutboxRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
