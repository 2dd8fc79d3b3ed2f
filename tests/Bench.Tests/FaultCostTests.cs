using Shop.Bench.Chaos;

namespace Shop.Bench.Tests;

public sealed class FaultCostTests
{
    private static Attempt Order(double at, int status, double seconds) =>
        new(Attempt.PlaceOrder, TimeSpan.FromSeconds(at), TimeSpan.FromSeconds(seconds), status, null);

    [Fact]
    public void Accepted_refused_late_and_unanswered_are_counted_from_the_requests_that_started_in_the_window()
    {
        var timeline = new Timeline(TextWriter.Null);
        foreach (var attempt in new[]
                 {
                     Order(9, 503, 0.1),   // before the window
                     Order(10, 202, 0.05),
                     Order(11, 503, 3.0),  // refused after the gateway's timeout: refused and late
                     Order(12, 429, 0.01),
                     Order(13, 202, 1.5),  // accepted, late
                     Order(14, 0, 0.001),  // connection refused
                     Order(20, 202, 0.05), // after the window
                 })
        {
            timeline.Record(attempt);
        }

        timeline.Record(new Attempt(Attempt.Read, TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(5), 200, null));

        var cost = FaultCost.Of("fault", timeline, (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)));
        Assert.Equal((5, 2, 2, 2, 1), (cost.Requests, cost.Accepted, cost.Refused, cost.Late, cost.Unanswered));
        Assert.Equal(3000, cost.MaxMilliseconds);
    }

    [Fact]
    public void Refusals_are_counted_by_the_problem_type_that_refused_them()
    {
        var refusal = (string? type) => new Attempt(Attempt.PlaceOrder, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(0.1), 503, type);
        var cost = FaultCost.Of("fault", 5, [refusal("overloaded"), refusal("unavailable"), refusal("overloaded"), refusal(null), Order(1, 202, 0.1)]);
        Assert.Equal(new Dictionary<string, int> { ["overloaded"] = 2, ["unavailable"] = 1, ["503"] = 1 }, cost.RefusedBy);
        Assert.Equal("overloaded", ChaosLoad.ProblemType("""{"type":"urn:orleans-shop:problem:overloaded","status":503}"""));
        Assert.Null(ChaosLoad.ProblemType("Service Unavailable"));
    }

    [Fact]
    public void A_window_without_requests_costs_nothing()
    {
        var cost = FaultCost.Of("fault", 5, []);
        Assert.Equal((0, 0, 0, 0, 0, 0.0), (cost.Requests, cost.Accepted, cost.Refused, cost.Late, cost.Unanswered, cost.P99Milliseconds));
    }
}
