using Shop.Bench.Chaos;

namespace Shop.Bench.Tests;

public sealed class TimelineChecksTests
{
    private static readonly ChaosOptions Options = new();

    /// <summary>Faults at fixed instants: PostgreSQL down from 100 s to 110 s, the gateway restarting from 140 s to 145 s.</summary>
    private static FaultWindows Faults() => new()
    {
        SiloKills = (S(10), S(60)),
        Outage = (S(100), S(110)),
        GatewayRestart = (S(140), S(145)),
    };

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static Timeline With(params Attempt[] attempts)
    {
        var timeline = new Timeline(TextWriter.Null);
        foreach (var attempt in attempts)
        {
            timeline.Record(attempt);
        }

        return timeline;
    }

    private static Attempt Order(double at, int status, double seconds = 0.05) => new(Attempt.PlaceOrder, S(at), S(seconds), status, null);

    private static Attempt Read(double at, int status, double seconds = 0.05) => new(Attempt.Read, S(at), S(seconds), status, null);

    [Fact]
    public void An_outage_answered_with_fast_503s_passes()
    {
        var results = new CheckResults();
        TimelineChecks.Outage(results, With(Order(101, 503), Order(105, 503), Read(106, 200)), Faults().Outage, Options);
        Assert.Empty(results.Violations);
        Assert.Equal(2, results.Figures["outage.orders503"]);
    }

    [Fact]
    public void A_500_or_a_hang_during_the_outage_is_a_violation()
    {
        var results = new CheckResults();
        TimelineChecks.Outage(results, With(Order(101, 503), Order(102, 500), Read(103, 503, seconds: 6)), Faults().Outage, Options);
        Assert.Equal(2, results.Violations.Count);
        Assert.Contains(results.Violations, v => v.Contains("neither success nor 503") && v.Contains("500"));
        Assert.Contains(results.Violations, v => v.Contains("took 6.0 s"));
    }

    [Fact]
    public void An_outage_in_which_no_order_was_refused_is_a_violation()
    {
        var results = new CheckResults();
        TimelineChecks.Outage(results, With(Order(101, 202), Read(102, 200)), Faults().Outage, Options);
        Assert.Contains(results.Violations, v => v.Contains("no order was refused with 503"));
    }

    [Fact]
    public void Recovery_counts_from_the_database_return_to_the_first_success_after_the_last_failure()
    {
        var results = new CheckResults();
        // A success, then failures again (a half-open circuit closing too early), then successes for good.
        var timeline = With(Order(110.5, 503), Order(111, 202), Order(112, 503), Order(114, 202, seconds: 0.5), Order(115, 429), Order(120, 202));
        TimelineChecks.Recovery(results, timeline, Faults(), Options);
        Assert.Empty(results.Violations);
        Assert.Equal(4.5, results.Figures["outage.recoverySeconds"]);
    }

    [Fact]
    public void Recovery_beyond_the_bound_or_never_is_a_violation()
    {
        var late = new CheckResults();
        TimelineChecks.Recovery(late, With(Order(111, 503), Order(128, 503), Order(129, 202)), Faults(), Options);
        Assert.Contains(late.Violations, v => v.Contains("bound 15 s"));

        var never = new CheckResults();
        TimelineChecks.Recovery(never, With(Order(111, 503), Order(130, 503)), Faults(), Options);
        Assert.Contains(never.Violations, v => v.Contains("not accepted again"));
    }

    [Fact]
    public void Any_5xx_but_503_anywhere_and_any_refused_valid_order_are_violations()
    {
        var results = new CheckResults();
        TimelineChecks.EveryAnswer(results, With(Order(20, 202), Order(30, 502), Order(40, 422), Read(50, 404), Order(141, 0)), Faults());
        Assert.Equal(3, results.Violations.Count);
        Assert.Equal(1, results.Figures["noAnswer.duringGatewayRestart"]);
        Assert.Equal(0, results.Figures["noAnswer.otherwise"]);
    }
}
