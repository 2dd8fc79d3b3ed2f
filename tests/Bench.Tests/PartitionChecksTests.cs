using Shop.Bench.Chaos;
using Shop.Bench.Chaos.Partition;

namespace Shop.Bench.Tests;

public sealed class PartitionChecksTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>silo1 cut at 100 s, Dead at 118 s, stopped at 119 s, healed at 140 s, ready again at 147 s.</summary>
    private static PartitionObservation Clean() => new()
    {
        Victim = 1,
        CutAt = S(100),
        DeclaredDeadAt = S(118),
        StoppedAt = S(119),
        ExitCode = 134,
        HealedAt = S(140),
        RejoinedAt = S(147),
        DeadLines = ["I have been told I am dead, so this silo will stop! Reason: ..."],
    };

    private static readonly int[] Ports = [5000, 5001, 5002];

    private static readonly MembershipRow[] OneLiveEach =
        [new(5000, 1, MembershipRow.Active), new(5001, 2, MembershipRow.Dead), new(5001, 3, MembershipRow.Active), new(5002, 1, MembershipRow.Active)];

    private static Timeline AcceptedAt(params double[] seconds)
    {
        var timeline = new Timeline(TextWriter.Null);
        foreach (var at in seconds)
        {
            timeline.Record(new Attempt(Attempt.PlaceOrder, S(at), S(0.05), 202, null));
        }

        return timeline;
    }

    private static CheckResults Check(PartitionObservation partition, Timeline? timeline = null, MembershipRow[]? membership = null)
    {
        var results = new CheckResults();
        PartitionChecks.Check(results, partition, timeline ?? AcceptedAt(125), membership ?? OneLiveEach, Ports);
        return results;
    }

    [Fact]
    public void A_silo_declared_dead_that_stopped_by_itself_and_rejoined_passes_with_its_figures()
    {
        var results = Check(Clean());
        Assert.Empty(results.Violations);
        Assert.Equal(18.0, results.Figures["partition.declaredDeadAfterSeconds"]);
        Assert.Equal(true, results.Figures["partition.stoppedBeforeHeal"]);
        Assert.Equal(1, results.Figures["partition.ordersAcceptedWhileDeclaredDead"]);
    }

    [Fact]
    public void A_silo_never_declared_dead_during_the_cut_is_a_violation()
    {
        var results = Check(Clean() with { DeclaredDeadAt = null, StoppedAt = S(150) });
        Assert.Contains(results.Violations, v => v.Contains("was not declared dead"));
    }

    [Fact]
    public void A_cut_silo_the_run_had_to_kill_is_a_violation()
    {
        var results = Check(Clean() with { StoppedAt = S(170), KilledByRun = true, DeadLines = [] });
        Assert.Contains(results.Violations, v => v.Contains("still running"));
    }

    [Fact]
    public void A_stop_without_the_declared_dead_line_in_the_log_is_a_violation()
    {
        var results = Check(Clean() with { DeadLines = [] });
        Assert.Contains(results.Violations, v => v.Contains("does not say it was declared dead"));
    }

    [Fact]
    public void A_stop_before_the_table_showed_it_dead_is_a_violation()
    {
        var results = Check(Clean() with { StoppedAt = S(110) });
        Assert.Contains(results.Violations, v => v.Contains("stopped before"));
    }

    [Fact]
    public void No_order_accepted_while_the_silo_was_declared_dead_is_a_violation()
    {
        var results = Check(Clean(), AcceptedAt(105, 141));
        Assert.Contains(results.Violations, v => v.Contains("did not serve"));
    }

    [Fact]
    public void Two_live_incarnations_of_a_silo_are_a_violation()
    {
        var results = Check(Clean(), membership: [.. OneLiveEach, new MembershipRow(5001, 4, MembershipRow.Active)]);
        Assert.Contains(results.Violations, v => v.Contains("2 live incarnations of the silo on port 5001"));
    }
}
