using System.Net;
using System.Text.Json;
using Shop.Bench.Load;

namespace Shop.Bench.Chaos;

/// <summary>
/// The orders as the API shows them to an administrator: for every order a client set out to place,
/// the order its Idempotency-Key leads to, read until none is Pending any more (quiescence).
/// </summary>
public static class OrderAudit
{
    public static readonly string[] FinalStatuses = ["Confirmed", "Rejected", "Cancelled"];

    /// <summary>The order (or null when none exists) behind each planned order's expected id, once none is Pending or the bound passed.</summary>
    public static async Task<Dictionary<Guid, JsonElement?>> WaitUntilSettled(HttpClient http, string admin, IReadOnlyCollection<PlannedOrder> planned, TimeSpan bound, Timeline timeline)
    {
        var orders = new Dictionary<Guid, JsonElement?>();
        var open = planned.Select(p => p.ExpectedId).Distinct().ToList();
        var deadline = timeline.Now + bound;
        while (true)
        {
            var read = new System.Collections.Concurrent.ConcurrentDictionary<Guid, JsonElement?>();
            await BenchHttp.ForEach(open, 16, async id => read[id] = await Read(http, admin, id));
            foreach (var (id, order) in read)
            {
                orders[id] = order;
            }

            open = [.. read.Where(kv => kv.Value is null ? false : !IsFinal(kv.Value.Value)).Select(kv => kv.Key)];
            if (open.Count == 0 || timeline.Now > deadline)
            {
                timeline.Mark(open.Count == 0 ? "quiescent: no order is Pending" : $"{open.Count} orders still Pending after {bound.TotalSeconds:0} s");
                return orders;
            }

            await Task.Delay(2000);
        }
    }

    public static bool IsFinal(JsonElement order) => FinalStatuses.Contains(order.GetProperty("status").GetString());

    public static string Status(JsonElement order) => order.GetProperty("status").GetString()!;

    /// <summary>The order, null when it does not exist; retried while the answer is degraded or unavailable.</summary>
    private static async Task<JsonElement?> Read(HttpClient http, string admin, Guid id)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.SendAsync(BenchHttp.Get($"/api/orders/{id}", admin));
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            // A degraded answer is a remembered one: not evidence of the order's state now.
            if (response.StatusCode == HttpStatusCode.OK && !response.Headers.Contains("X-Shop-Degraded"))
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return json.RootElement.Clone();
            }

            if (attempt == 30)
            {
                throw new InvalidOperationException($"GET /api/orders/{id}: {(int)response.StatusCode} after {attempt} attempts");
            }

            await Task.Delay(1000);
        }
    }
}
