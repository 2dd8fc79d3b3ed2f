using System.Net;
using Shop.Bench.Load;

namespace Shop.Bench.Scenarios;

/// <summary>
/// Overload and recovery: orders offered at twice the closed-loop rate the orders scenario measured in
/// the same run (or a closed loop of its own when it did not run), then at half of it at once. The
/// gateway should refuse early what it cannot serve (429/503 with Retry-After) and keep the requests
/// it accepts fast (p99 well under a second), and serve everything again the moment the load falls.
/// Each operation is one placement, not followed: an accepted order's confirmation is the orders
/// scenario's subject; here the latency is the placement's, counted from the instant it was due.
/// </summary>
public static class OverloadScenario
{
    public const string Accepted = "accepted";
    public const string Refused = "refused";

    public static async Task Run(BenchSession session, int run)
    {
        var capacity = await ClosedLoopRate(session, run);
        if (capacity < 1)
        {
            session.Progress.WriteLine("  overload: nothing confirmed in the closed loop; no overload run.");
            return;
        }

        var options = session.Options;
        var high = Math.Round(capacity * 2);
        // Enough workers that the offered rate is kept even while accepted requests take a second each.
        var overload = new LoadSettings(options.Warmup, options.Duration, (int)Math.Clamp(high * 2, 256, 4096), high);
        await session.Measure("overload", run, session.System.GatewayUrl, overload, (http, c) => Place(http, c, session),
            result => Task.FromResult(Figures(result, capacity)));

        // Straight after, with no warm-up: what the first seconds after the load falls look like.
        var low = Math.Max(1, Math.Round(capacity / 2));
        var recovery = new LoadSettings(TimeSpan.Zero, options.Duration, (int)Math.Clamp(low * 2, 64, 4096), low);
        await session.Measure("overload.recovery", run, session.System.GatewayUrl, recovery, (http, c) => Place(http, c, session),
            result => Task.FromResult(Figures(result, capacity)));
    }

    /// <summary>The confirmed orders/s of this run's closed loop: the orders scenario's, else a closed loop measured here.</summary>
    private static async Task<double> ClosedLoopRate(BenchSession session, int run)
    {
        if (session.Measurements.LastOrDefault(m => m.Scenario == "orders" && m.Run == run) is { } orders)
        {
            return orders.Figures.GetValueOrDefault("confirmedPerSecond");
        }

        var closed = await session.Measure("overload.capacity", run, session.System.GatewayUrl, session.Closed(session.Options.OrderConnections),
            (http, c) => OrdersScenario.PlaceAndFollow(http, c, session.UserTokens[c.Worker % session.UserTokens.Length], session.Skus[Random.Shared.Next(session.Skus.Length)]),
            result => Task.FromResult<IReadOnlyDictionary<string, double>>(new Dictionary<string, double> { ["confirmedPerSecond"] = Math.Round(result.PerSecond("confirmed"), 1) }));
        return closed.PerSecond("confirmed");
    }

    private static IReadOnlyDictionary<string, double> Figures(LoadResult result, double capacity) => new Dictionary<string, double>
    {
        ["closedLoopConfirmedPerSecond"] = Math.Round(capacity, 1),
        ["offeredPerSecond"] = Math.Round(result.Settings.Rate ?? 0, 1),
        ["acceptedPerSecond"] = Math.Round(result.PerSecond(Accepted), 1),
        ["refusedPerSecond"] = Math.Round(result.PerSecond(Refused), 1),
        ["refused503"] = result.Counts.GetValueOrDefault("refused.503"),
        ["refused429"] = result.Counts.GetValueOrDefault("refused.429"),
        ["refusedWithoutRetryAfter"] = result.Counts.GetValueOrDefault("refused.noRetryAfter"),
    };

    /// <summary>One placement: 202 is accepted, 429 or 503 a refusal (which must carry Retry-After); anything else is an error.</summary>
    private static async Task Place(HttpClient http, OperationContext context, BenchSession session)
    {
        var token = session.UserTokens[context.Worker % session.UserTokens.Length];
        var sku = session.Skus[Random.Shared.Next(session.Skus.Length)];
        using var request = BenchHttp.Json(HttpMethod.Post, "/api/orders", new { items = new[] { new { sku, quantity = 1 } } }, token);
        using var response = await http.SendAsync(request);
        await response.Content.CopyToAsync(Stream.Null);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Accepted:
                context.RecordSince(Accepted, context.DueTimestamp);
                context.Count(Accepted);
                break;
            case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable:
                context.RecordSince(Refused, context.DueTimestamp);
                context.Count(Refused);
                context.Count($"refused.{(int)response.StatusCode}");
                if (response.Headers.RetryAfter is null)
                {
                    context.Count("refused.noRetryAfter");
                }

                break;
            default:
                context.Error($"place {(int)response.StatusCode}");
                break;
        }
    }
}
