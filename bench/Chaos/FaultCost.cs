using System.Globalization;

namespace Shop.Bench.Chaos;

/// <summary>
/// What one fault cost the clients: the order requests that started during it, how many were
/// accepted, refused ("later": 503 or 429, retried with the same key), late (answered, whatever the
/// answer, after more than <see cref="LateBound"/>) and unanswered (no status: connection refused,
/// reset or timed out). A refused request can be late too (a call that waited for the gateway's
/// timeout), so the three overlap.
/// </summary>
public sealed record FaultCost(string Fault, double Seconds, int Requests, int Accepted, int Refused, int Late, int Unanswered, double P99Milliseconds, double MaxMilliseconds)
{
    /// <summary>The refused requests by what the answer said (its problem type, e.g. "overloaded", "unavailable"; "429" or "503" without one): which mechanism refused them.</summary>
    public IReadOnlyDictionary<string, int> RefusedBy { get; init; } = new Dictionary<string, int>();

    /// <summary>An answer slower than this is late: the undisturbed runs answer 99 % of orders within a few hundred milliseconds.</summary>
    public static readonly TimeSpan LateBound = TimeSpan.FromSeconds(1);

    /// <summary>The cost of the fault in <paramref name="window"/>, from the order requests that started in it.</summary>
    public static FaultCost Of(string fault, Timeline timeline, (TimeSpan From, TimeSpan To) window) =>
        Of(fault, (window.To - window.From).TotalSeconds, timeline.Started(Attempt.PlaceOrder, window.From, window.To));

    public static FaultCost Of(string fault, double seconds, IEnumerable<Attempt> orderRequests)
    {
        var attempts = orderRequests.ToArray();
        var sorted = attempts.Where(a => a.Answered).Select(a => a.Duration.TotalMilliseconds).Order().ToArray();
        var p99 = sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.99 * sorted.Length) - 1)];
        return new FaultCost(fault, Math.Round(seconds, 1), attempts.Length, attempts.Count(a => a.Succeeded), attempts.Count(a => a.Status is 503 or 429),
            attempts.Count(a => a.Answered && a.Duration > LateBound), attempts.Count(a => !a.Answered), Math.Round(p99), sorted.Length == 0 ? 0 : Math.Round(sorted[^1]))
        {
            RefusedBy = attempts.Where(a => a.Status is 503 or 429).GroupBy(a => a.Failure ?? a.Status.ToString(CultureInfo.InvariantCulture))
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        };
    }

    /// <summary>The figures under <c>cost.KEY.*</c>.</summary>
    public void AddTo(CheckResults results, string key)
    {
        results.Figures[$"cost.{key}.seconds"] = Seconds;
        results.Figures[$"cost.{key}.orderRequests"] = Requests;
        results.Figures[$"cost.{key}.accepted"] = Accepted;
        results.Figures[$"cost.{key}.refused"] = Refused;
        results.Figures[$"cost.{key}.late"] = Late;
        results.Figures[$"cost.{key}.unanswered"] = Unanswered;
        results.Figures[$"cost.{key}.p99Ms"] = P99Milliseconds;
        foreach (var (answer, count) in RefusedBy)
        {
            results.Figures[$"cost.{key}.refused.{answer}"] = count;
        }
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"| {Fault} | {Seconds:0.#} | {Requests} | {Accepted} | {Refused} | {Late} | {Unanswered} | {P99Milliseconds:0} | {MaxMilliseconds:0} |");
}
