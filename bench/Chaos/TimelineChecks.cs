namespace Shop.Bench.Chaos;

/// <summary>The checks on the clients' record of every request: what the gateway answered during and after each fault.</summary>
public static class TimelineChecks
{
    /// <summary>The gateway's timeout per cluster call (Shop:Resilience:Timeout's default), plus a second for the rest of the request on a loaded machine.</summary>
    public static readonly TimeSpan HangBound = TimeSpan.FromSeconds(3 + 1);

    /// <summary>While PostgreSQL is down every request is answered, within the timeout, with a success (a read from memory) or a 503; orders are refused with 503.</summary>
    public static void Outage(CheckResults results, Timeline timeline, (TimeSpan From, TimeSpan To) outage, ChaosOptions options)
    {
        var during = timeline.Attempts.Where(a => a.Started >= outage.From && a.Started < outage.To).ToArray();
        var orders = during.Where(a => a.Kind == Attempt.PlaceOrder).ToArray();
        var wrong = during.Where(a => !a.Succeeded && a.Status is not (503 or 429)).ToArray();
        var slowest = during.Length == 0 ? TimeSpan.Zero : during.Max(a => a.Duration);
        results.Require(orders.Any(a => a.Status == 503), "no order was refused with 503 while PostgreSQL was down");
        results.Require(wrong.Length == 0, $"{wrong.Length} requests during the outage were answered with neither success nor 503: {Describe(wrong)}");
        results.Require(slowest <= HangBound, $"a request during the outage took {slowest.TotalSeconds:0.0} s (bound {HangBound.TotalSeconds:0} s)");
        results.Figures["outage.requests"] = during.Length;
        results.Figures["outage.orderRequests"] = orders.Length;
        results.Figures["outage.orders503"] = orders.Count(a => a.Status == 503);
        results.Figures["outage.ordersAccepted"] = orders.Count(a => a.Succeeded);
        results.Figures["outage.reads200"] = during.Count(a => a.Kind == Attempt.Read && a.Succeeded);
        results.Figures["outage.reads503"] = during.Count(a => a.Kind == Attempt.Read && a.Status == 503);
        results.Figures["outage.slowestSeconds"] = Math.Round(slowest.TotalSeconds, 2);
    }

    /// <summary>
    /// Recovered: from some instant after PostgreSQL's return, every order request until the next fault
    /// succeeded (or was told to wait for the user's pending orders, 429). That instant is within the bound.
    /// </summary>
    public static void Recovery(CheckResults results, Timeline timeline, FaultWindows faults, ChaosOptions options)
    {
        var after = timeline.Started(Attempt.PlaceOrder, faults.Outage.To, faults.GatewayRestart.From).OrderBy(a => a.Started).ToArray();
        var lastFailure = after.LastOrDefault(a => !a.Succeeded && a.Status != 429);
        var firstGood = after.FirstOrDefault(a => a.Succeeded && (lastFailure is null || a.Started > lastFailure.Started));
        if (firstGood is null)
        {
            results.Violations.Add("orders were not accepted again between PostgreSQL's return and the gateway restart");
            results.Figures["outage.recoverySeconds"] = -1;
            return;
        }

        var recovery = firstGood.Ended - faults.Outage.To;
        results.Require(recovery <= options.RecoveryBound, $"orders were accepted again {recovery.TotalSeconds:0.0} s after PostgreSQL's return (bound {options.RecoveryBound.TotalSeconds:0} s)");
        results.Figures["outage.recoverySeconds"] = Math.Round(Math.Max(0, recovery.TotalSeconds), 1);
    }

    /// <summary>Never a 500 (nor any 5xx but 503), never a refusal of a valid order other than "later"; counts per phase.</summary>
    public static void EveryAnswer(CheckResults results, Timeline timeline, FaultWindows faults)
    {
        var all = timeline.Attempts.ToArray();
        var errors = all.Where(a => a.Status >= 500 && a.Status != 503).ToArray();
        results.Require(errors.Length == 0, $"{errors.Length} answers were 5xx other than 503: {Describe(errors)}");
        var refusedOrders = all.Where(a => a.Kind == Attempt.PlaceOrder && a.Status is >= 400 and < 500 and not 429).ToArray();
        results.Require(refusedOrders.Length == 0, $"{refusedOrders.Length} valid orders were refused: {Describe(refusedOrders)}");
        var failedReads = all.Where(a => a.Kind == Attempt.Read && a.Status is >= 400 and < 500).ToArray();
        results.Require(failedReads.Length == 0, $"{failedReads.Length} valid reads were refused: {Describe(failedReads)}");
        var hung = all.Where(a => !a.Answered && a.Failure?.StartsWith("no answer", StringComparison.Ordinal) == true).ToArray();
        results.Require(hung.Length == 0, $"{hung.Length} requests got no answer within the client's 20 s");

        results.Figures["requests"] = all.Length;
        results.Figures["answers503"] = all.Count(a => a.Status == 503);
        results.Figures["answers429"] = all.Count(a => a.Status == 429);
        results.Figures["answers5xxOther"] = errors.Length;
        // Connections refused while the gateway restarts are expected: the clients retry.
        results.Figures["noAnswer.duringGatewayRestart"] = all.Count(a => !a.Answered && In(a, faults.GatewayRestart));
        results.Figures["noAnswer.otherwise"] = all.Count(a => !a.Answered && !In(a, faults.GatewayRestart));
    }

    private static bool In(Attempt attempt, (TimeSpan From, TimeSpan To) window) =>
        attempt.Ended >= window.From && attempt.Started <= window.To + TimeSpan.FromSeconds(1);

    private static string Describe(IEnumerable<Attempt> attempts) =>
        string.Join("; ", attempts.GroupBy(a => $"{a.Kind} {(a.Status == 0 ? a.Failure : a.Status.ToString())}")
            .Select(g => $"{g.Count()} x {g.Key}{(g.First().Failure is { } f && g.First().Status != 0 ? $" ({f})" : "")}"));
}
