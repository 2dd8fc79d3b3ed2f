using System.Collections.Immutable;
using System.Net;
using Orleans.Runtime;
using Shop.Grains.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// The watch a user's index keeps over its swept orders: an order leaves reconciliation only after
/// a watch in which no silo that was in the cluster at its sweep has left; otherwise it is swept again.
/// </summary>
public sealed class SweepWatchTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(60);
    private static readonly SiloAddress A = Silo(1), B = Silo(2), C = Silo(3);

    private readonly ManualClock _clock = new();
    private readonly Membership _membership = new(Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Active)));

    [Fact]
    public void A_swept_order_is_watched_for_the_period_and_then_done()
    {
        var watch = new SweepWatch(_membership, _clock, Period);
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
    public void A_swept_order_is_swept_again_when_a_silo_of_its_sweep_leaves_during_the_watch(SiloStatus leaving)
    {
        var watch = new SweepWatch(_membership, _clock, Period);
        var order = Guid.NewGuid();
        watch.Swept(order);
        _clock.Advance(TimeSpan.FromSeconds(5));

        _membership.Current = Snapshot(2, (A, SiloStatus.Active), (B, leaving));

        Assert.Equal(SweepStep.Resweep, watch.Next(order));
        // The new sweep is watched against the membership it saw, for a whole period.
        watch.Swept(order);
        _clock.Advance(Period - TimeSpan.FromSeconds(1));
        Assert.Equal(SweepStep.Watch, watch.Next(order));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SweepStep.Done, watch.Next(order));
    }

    [Fact]
    public void A_silo_removed_from_the_membership_altogether_counts_as_lost()
    {
        var then = Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Active));

        Assert.True(SweepWatch.LostASilo(then, Snapshot(5, (A, SiloStatus.Active))));
    }

    [Fact]
    public void A_silo_that_joins_or_finishes_joining_changes_nothing()
    {
        var watch = new SweepWatch(_membership, _clock, Period);
        var order = Guid.NewGuid();
        _membership.Current = Snapshot(2, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Joining));
        watch.Swept(order);

        _membership.Current = Snapshot(3, (A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Active));
        Assert.Equal(SweepStep.Watch, watch.Next(order));
        _clock.Advance(Period);
        Assert.Equal(SweepStep.Done, watch.Next(order));
    }

    [Fact]
    public void A_silo_already_dead_at_the_sweep_and_cleaned_up_since_changes_nothing()
    {
        var then = Snapshot(1, (A, SiloStatus.Active), (B, SiloStatus.Dead));

        Assert.False(SweepWatch.LostASilo(then, Snapshot(2, (A, SiloStatus.Active))));
    }

    [Fact]
    public void A_forgotten_order_is_asked_to_reconcile_again()
    {
        var watch = new SweepWatch(_membership, _clock, Period);
        var order = Guid.NewGuid();
        watch.Swept(order);

        watch.Forget(order);

        Assert.Equal(SweepStep.Reconcile, watch.Next(order));
        Assert.Equal(0, watch.Count);
    }

    [Fact]
    public void With_no_watch_period_a_swept_order_is_done_at_once()
    {
        var watch = new SweepWatch(_membership, _clock, TimeSpan.Zero);
        var order = Guid.NewGuid();

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
