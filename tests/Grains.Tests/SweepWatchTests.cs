using System.Collections.Immutable;
using System.Net;
using Orleans.Runtime;
using Shop.Grains.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// The watch a user's index keeps over its swept orders: an order leaves reconciliation only after a
/// watch in which the cluster's active silos (over which the event queues are dealt out) did not
/// change; a change after the sweep, or too shortly before it for every silo to have moved its
/// queues, has it swept again once every silo has seen the change.
/// </summary>
public sealed class SweepWatchTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);
    private static readonly SiloAddress A = Silo(1), B = Silo(2), C = Silo(3);

    private readonly ManualClock _clock = new();
    private readonly Membership _membership = new(Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Active)));

    private SweepWatch Watch(TimeSpan? period = null) => new(_membership, _clock, period ?? Period, Settle);

    [Fact]
    public void A_swept_order_is_watched_for_the_period_and_then_done()
    {
        var watch = Watch();
        var order = Guid.NewGuid();

        Assert.Equal(SweepStep.Reconcile, watch.Next(order));
        watch.Swept(order);
        _clock.Advance(Period - TimeSpan.FromSeconds(1));
        Assert.Equal(SweepStep.Watch, watch.Next(order));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SweepStep.Done, watch.Next(order));
    }

    [Theory]
    [InlineData(SiloStatus.Dead)]
    [InlineData(SiloStatus.ShuttingDown)]
    [InlineData(SiloStatus.Stopping)]
    public void A_swept_order_is_swept_again_once_every_silo_has_seen_a_silo_of_its_sweep_leave(SiloStatus leaving)
    {
        var watch = Watch();
        var order = Guid.NewGuid();
        watch.Swept(order);
        _clock.Advance(TimeSpan.FromSeconds(5));

        _membership.Current = Snapshot(2, (A, SiloStatus.Active), (B, leaving));
        Assert.Equal(SweepStep.Watch, watch.Next(order));
        _clock.Advance(Settle);
        Assert.Equal(SweepStep.Resweep, watch.Next(order));

        // The new sweep is watched for a whole period.
        watch.Swept(order);
        _clock.Advance(Period - TimeSpan.FromSeconds(1));
        Assert.Equal(SweepStep.Watch, watch.Next(order));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SweepStep.Done, watch.Next(order));
    }

    [Fact]
    public void A_silo_removed_from_the_membership_altogether_counts_as_a_change()
    {
        var watch = Watch();
        var order = Guid.NewGuid();
        watch.Swept(order);

        _membership.Current = Snapshot(5, (A, SiloStatus.Active));
        Assert.Equal(SweepStep.Watch, watch.Next(order));
        _clock.Advance(Settle);
        Assert.Equal(SweepStep.Resweep, watch.Next(order));
    }

    [Fact]
    public void A_silo_that_becomes_active_after_the_sweep_has_the_order_swept_again_but_joining_alone_changes_nothing()
    {
        // Queues move to a silo once it is active: its predecessor on each drops what it had pulled.
        var watch = Watch();
        var order = Guid.NewGuid();
        _membership.Current = Snapshot(2, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Joining));
        watch.Swept(order);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(SweepStep.Watch, watch.Next(order));

        _membership.Current = Snapshot(3, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Active));
        Assert.Equal(SweepStep.Watch, watch.Next(order));
        _clock.Advance(Settle);
        Assert.Equal(SweepStep.Resweep, watch.Next(order));
    }

    [Fact]
    public void A_change_shortly_before_the_sweep_has_it_swept_again_one_long_before_does_not()
    {
        var watch = Watch();
        var early = Guid.NewGuid();
        var late = Guid.NewGuid();
        watch.Swept(early);
        _membership.Current = Snapshot(2, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Active));
        // Seen by the next pass, and a silo that has not seen it yet may still pull a queue it is about to let go.
        Assert.Equal(SweepStep.Watch, watch.Next(early));
        _clock.Advance(Settle / 2);
        watch.Swept(late);

        _clock.Advance(Settle / 2);
        Assert.Equal(SweepStep.Resweep, watch.Next(early));
        Assert.Equal(SweepStep.Resweep, watch.Next(late));

        // Swept again after the change had settled: watched as usual.
        watch.Swept(late);
        _clock.Advance(Period);
        Assert.Equal(SweepStep.Done, watch.Next(late));
    }

    [Fact]
    public void A_silo_already_dead_at_the_sweep_and_cleaned_up_since_changes_nothing()
    {
        _membership.Current = Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Dead));
        var watch = Watch();
        var order = Guid.NewGuid();
        watch.Swept(order);

        _membership.Current = Snapshot(2, (A, SiloStatus.Active));
        _clock.Advance(Period);
        Assert.Equal(SweepStep.Done, watch.Next(order));
    }

    [Fact]
    public void A_forgotten_order_is_asked_to_reconcile_again()
    {
        var watch = Watch();
        var order = Guid.NewGuid();
        watch.Swept(order);

        watch.Forget(order);

        Assert.Equal(SweepStep.Reconcile, watch.Next(order));
        Assert.Equal(0, watch.Count);
    }

    [Fact]
    public void With_no_watch_period_a_swept_order_is_done_at_once_whatever_the_membership_does()
    {
        var watch = Watch(TimeSpan.Zero);
        var order = Guid.NewGuid();
        _membership.Current = Snapshot(2, (A, SiloStatus.Active));

        watch.Swept(order);

        Assert.Equal(SweepStep.Done, watch.Next(order));
    }

    private static SiloAddress Silo(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + n), 1);

    private static ClusterMembershipSnapshot Snapshot(long version, params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Silo.ToString())), new MembershipVersion(version));

    private sealed class Membership(ClusterMembershipSnapshot current) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot Current { get; set; } = current;
        public ClusterMembershipSnapshot CurrentSnapshot => Current;
        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();
        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
