using System.Diagnostics;
using System.Text.Json;
using Shop.Bench.Load;

namespace Shop.Bench.Chaos;

/// <summary>
/// The third consumer's effect: the shop's statistics (GET /api/stats) count every order once per
/// event it published, however often the faults made the streams and the sweep deliver it. They are
/// written at most every flush interval, so the audit waits for them to catch up (bounded), and then
/// compares them with the stored orders exactly.
/// </summary>
public static class StatisticsAudit
{
    private static readonly TimeSpan CatchUpBound = TimeSpan.FromSeconds(60);

    public static async Task Check(CheckResults results, HttpClient http, string admin, Dictionary<Guid, JsonElement> orders)
    {
        var byStatus = orders.Values.GroupBy(OrderAudit.Status).ToDictionary(g => g.Key, g => (long)g.Count());
        var cancelled = byStatus.GetValueOrDefault("Cancelled");
        // An order's final state says which events it published: every order OrderCreated, a
        // confirmed one OrderConfirmed. A cancelled order may have been confirmed before, which its
        // final state does not tell, so with cancellations the confirmed count is only bounded.
        var expected = new Counts(
            orders.Count,
            byStatus.GetValueOrDefault("Confirmed"),
            byStatus.GetValueOrDefault("Rejected"),
            cancelled,
            orders.Values.Where(o => OrderAudit.Status(o) == "Confirmed").Sum(o => o.GetProperty("total").GetDecimal()));

        var clock = Stopwatch.StartNew();
        var counted = await Read(http, admin);
        while (counted != expected && clock.Elapsed < CatchUpBound && counted.NoneAbove(expected, cancelled))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            counted = await Read(http, admin);
        }

        results.Figures["statistics.caughtUpSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        results.Figures["statistics.ordersCreated"] = counted.Created;
        results.Figures["statistics.ordersConfirmed"] = counted.Confirmed;
        results.Require(counted.Created == expected.Created, $"the statistics count {counted.Created} orders created, but {expected.Created} orders exist");
        results.Require(counted.Rejected == expected.Rejected, $"the statistics count {counted.Rejected} orders rejected, but {expected.Rejected} are");
        results.Require(counted.Cancelled == expected.Cancelled, $"the statistics count {counted.Cancelled} orders cancelled, but {expected.Cancelled} are");
        if (cancelled == 0)
        {
            results.Require(counted.Confirmed == expected.Confirmed, $"the statistics count {counted.Confirmed} orders confirmed, but {expected.Confirmed} are");
            results.Require(counted.Revenue == expected.Revenue, $"the statistics' revenue is {counted.Revenue}, but the confirmed orders total {expected.Revenue}");
        }
        else
        {
            results.Require(counted.Confirmed >= expected.Confirmed && counted.Confirmed <= expected.Confirmed + cancelled,
                $"the statistics count {counted.Confirmed} orders confirmed, but {expected.Confirmed} are (and {cancelled} cancelled)");
        }
    }

    private static async Task<Counts> Read(HttpClient http, string admin)
    {
        using var response = await http.SendAsync(BenchHttp.Get("/api/stats", admin));
        await BenchHttp.EnsureSuccess(response, "GET /api/stats");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        return new Counts(root.GetProperty("ordersCreated").GetInt64(), root.GetProperty("ordersConfirmed").GetInt64(),
            root.GetProperty("ordersRejected").GetInt64(), root.GetProperty("ordersCancelled").GetInt64(), root.GetProperty("revenue").GetDecimal());
    }

    private sealed record Counts(long Created, long Confirmed, long Rejected, long Cancelled, decimal Revenue)
    {
        /// <summary>Still catching up: nothing counted beyond what exists (a count above it will not come down).</summary>
        public bool NoneAbove(Counts expected, long cancelled) =>
            Created <= expected.Created && Rejected <= expected.Rejected && Cancelled <= expected.Cancelled &&
            Confirmed <= expected.Confirmed + cancelled;
    }
}
