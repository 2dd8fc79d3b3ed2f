using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Shop.Bench.Load;

namespace Shop.Bench.Scenarios;

/// <summary>
/// Orders by many users, each followed until it is Confirmed: first a closed loop for the throughput
/// limit (accepted and confirmed orders per second), then a fixed-rate run at half the confirmed rate
/// for the accept-to-confirm latency. An order is followed with the long poll
/// GET /api/orders/{id}?wait=S, which answers as soon as the order leaves Pending.
/// In durable mode the database writes per confirmed order are counted around the closed loop.
/// </summary>
public static class OrdersScenario
{
    public const string Place = "place";
    public const string AcceptToConfirm = "accept-to-confirm";

    /// <summary>The problem type of a 503 from the gateway's concurrency limit (nothing was sent).</summary>
    public const string OverloadedType = "urn:orleans-shop:problem:overloaded";

    public static async Task Run(BenchSession session, int run)
    {
        var before = session.System.Durable ? await DatabaseWrites.Snapshot(session.System) : null;
        // The database counters cover the warm-up too: divide by every order confirmed since the snapshot.
        var allConfirmed = new StrongBox<long>();
        var throughput = await session.Measure("orders", run, session.System.GatewayUrl, session.Closed(session.Options.OrderConnections),
            (http, c) => PlaceAndFollow(http, c, session, allConfirmed), async result =>
            {
                var figures = Figures(result);
                if (before is not null)
                {
                    var after = await DatabaseWrites.Snapshot(session.System);
                    foreach (var (key, value) in DatabaseWrites.PerConfirmedOrder(before, after, Interlocked.Read(ref allConfirmed.Value)))
                    {
                        figures[key] = value;
                    }
                }

                return figures;
            });
        var confirmed = throughput.PerSecond("confirmed");

        if (confirmed < 1)
        {
            session.Progress.WriteLine("  orders: nothing confirmed in the closed loop; no latency run.");
            return;
        }

        var rate = Math.Max(1, Math.Round(confirmed / 2));
        var latency = new LoadSettings(session.Options.Warmup, session.Options.Duration, Math.Max(64, session.Options.OrderConnections * 2), rate);
        await session.Measure("orders.latency", run, session.System.GatewayUrl, latency, (http, c) => PlaceAndFollow(http, c, session, new StrongBox<long>()),
            result => Task.FromResult<IReadOnlyDictionary<string, double>>(Figures(result)));
    }

    private static Dictionary<string, double> Figures(LoadResult result) => new()
    {
        ["acceptedPerSecond"] = Math.Round(result.PerSecond("accepted"), 1),
        ["confirmedPerSecond"] = Math.Round(result.PerSecond("confirmed"), 1),
        ["refusedPerSecond"] = Math.Round(result.PerSecond("refused"), 1),
    };

    private static Task PlaceAndFollow(HttpClient http, OperationContext context, BenchSession session, StrongBox<long> allConfirmed) =>
        PlaceAndFollow(http, context, session.UserTokens[context.Worker % session.UserTokens.Length],
            session.Skus[Random.Shared.Next(session.Skus.Length)], allConfirmed);

    /// <summary>
    /// Places an order of one <paramref name="sku"/> as the user of <paramref name="token"/> and
    /// follows it with the long poll until it is Confirmed (30 s at most); anything else is an error.
    /// </summary>
    public static async Task PlaceAndFollow(HttpClient http, OperationContext context, string token, string sku, StrongBox<long>? allConfirmed = null)
    {
        string location;
        using (var request = BenchHttp.Json(HttpMethod.Post, "/api/orders", new { items = new[] { new { sku, quantity = 1 } } }, token))
        using (var response = await http.SendAsync(request))
        {
            var answer = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && answer.Contains(OverloadedType, StringComparison.Ordinal))
            {
                // The gateway's concurrency limit: not sent, so not an error. A client waits as told, and
                // so does this worker (a closed loop of instant refusals would only measure refusing).
                context.Count("refused");
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                return;
            }

            if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is null)
            {
                context.Error($"place {(int)response.StatusCode}");
                return;
            }

            location = response.Headers.Location.OriginalString;
        }

        context.RecordSince(Place, context.DueTimestamp);
        context.Count("accepted");
        var accepted = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(accepted) < TimeSpan.FromSeconds(30))
        {
            using var request = BenchHttp.Get($"{location}?wait=5", token);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                context.Error($"follow {(int)response.StatusCode}");
                return;
            }

            switch (Status(body))
            {
                case "Confirmed":
                    context.RecordSince(AcceptToConfirm, accepted);
                    context.Count("confirmed");
                    if (allConfirmed is not null)
                    {
                        Interlocked.Increment(ref allConfirmed.Value);
                    }

                    return;
                case "Pending":
                    continue;
                case var other:
                    context.Error($"order {other}");
                    return;
            }
        }

        context.Error("not confirmed within 30 s");
    }

    private static string? Status(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("status").GetString();
    }
}
