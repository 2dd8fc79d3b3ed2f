using System.Text.Json;
using Shop.Bench.Hosting;
using Shop.Bench.Load;

namespace Shop.Bench.Chaos;

/// <summary>
/// The invariants of the chaos run, checked after quiescence from the API, the databases, the mail
/// folder and the clients' own record of every request.
/// </summary>
public static class ChaosChecks
{
    public static async Task<CheckResults> Run(ShopSystem system, HttpClient http, string admin, IReadOnlyList<ChaosUser> users,
        IReadOnlyList<ChaosProduct> products, IReadOnlyCollection<PlannedOrder> planned, Timeline timeline, FaultWindows faults, ChaosOptions options)
    {
        var results = new CheckResults();
        var orders = await OrderAudit.WaitUntilSettled(http, admin, planned, options.QuiescenceBound, timeline);
        var existing = orders.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.Value);

        CheckEveryAcceptedOrder(results, planned, orders);
        await CheckOneOrderPerKey(results, system, http, users, planned, existing);
        await CheckStock(results, http, admin, products, existing.Values);
        CheckOneEmailPerConfirmedOrder(results, system.MailDirectory, existing);
        await StatisticsAudit.Check(results, http, admin, existing);
        TimelineChecks.Outage(results, timeline, faults.Outage, options);
        TimelineChecks.Recovery(results, timeline, faults, options);
        TimelineChecks.EveryAnswer(results, timeline, faults);
        if (faults.Partition is { } partition)
        {
            var ports = Enumerable.Range(0, system.SiloCount).Select(system.SiloPort).ToArray();
            PartitionChecks.Check(results, partition, timeline, await Partition.MembershipRow.Read(system), ports);
        }

        var conflicts = LogAudit.ConflictsByLog(system.SiloLogs);
        results.Figures["logs.versionConflicts"] = conflicts.Values.Sum();
        results.Figures["logs.versionConflictsByProcess"] = conflicts.Count(kv => kv.Value > 0) == 0
            ? "none" : string.Join(", ", conflicts.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key}: {kv.Value}"));
        foreach (var (key, cost) in Costs(timeline, faults))
        {
            cost.AddTo(results, key);
        }

        results.Figures["logs.resweptOrders"] = LogAudit.Resweeps(system.SiloLogs);
        results.Figures["siloKills"] = faults.Kills;
        results.Figures["gatewayRestartSeconds"] = Math.Round((faults.GatewayRestart.To - faults.GatewayRestart.From).TotalSeconds, 1);
        return results;
    }

    /// <summary>What each fault the run applied cost the clients' order requests, under the figure key of each.</summary>
    public static IEnumerable<(string Key, FaultCost Cost)> Costs(Timeline timeline, FaultWindows faults)
    {
        yield return ("siloKills", FaultCost.Of("silo kills", timeline, faults.SiloKills));
        if (faults.Partition is { } p)
        {
            yield return ("partition", FaultCost.Of($"partition of silo{p.Victim} (cut to rejoined)", timeline, (p.CutAt, p.RejoinedAt)));
        }

        if (faults.BatchKill != default)
        {
            yield return ("batchKill", FaultCost.Of("kill mid-batch (burst to restarted)", timeline, faults.BatchKill));
        }

        yield return ("outage", FaultCost.Of("PostgreSQL down", timeline, faults.Outage));
        yield return ("gatewayRestart", FaultCost.Of("gateway restart", timeline, faults.GatewayRestart));
    }

    /// <summary>Every order that got a 2xx exists, is the one its key leads to, and is in a final state.</summary>
    private static void CheckEveryAcceptedOrder(CheckResults results, IReadOnlyCollection<PlannedOrder> planned, Dictionary<Guid, JsonElement?> orders)
    {
        var accepted = planned.Where(p => p.AcceptedId is not null).ToArray();
        var lost = 0;
        foreach (var order in accepted)
        {
            results.Require(order.AcceptedId == order.ExpectedId,
                $"key {order.Key} was answered with order {order.AcceptedId}, not the order {order.ExpectedId} it leads to");
            var found = orders.GetValueOrDefault(order.ExpectedId);
            if (found is null || !OrderAudit.IsFinal(found.Value))
            {
                lost++;
                results.Violations.Add($"accepted order {order.ExpectedId} (key {order.Key}) is {(found is null ? "missing" : OrderAudit.Status(found.Value))} after quiescence");
            }
        }

        // An order whose 2xx answer never reached the client (the gateway died, the connection broke) may exist: it must settle too.
        var unanswered = planned.Where(p => p.AcceptedId is null).ToArray();
        var placedUnanswered = unanswered.Count(p => orders.GetValueOrDefault(p.ExpectedId) is not null);
        foreach (var order in unanswered)
        {
            if (orders.GetValueOrDefault(order.ExpectedId) is { } found && !OrderAudit.IsFinal(found))
            {
                results.Violations.Add($"order {order.ExpectedId} (key {order.Key}, never acknowledged) is {OrderAudit.Status(found)} after quiescence");
            }
        }

        var final = orders.Values.OfType<JsonElement>().GroupBy(OrderAudit.Status).ToDictionary(g => g.Key, g => g.Count());
        results.Figures["ordersAttempted"] = planned.Count;
        results.Figures["orderRequests"] = planned.Sum(p => p.Attempts);
        results.Figures["ordersAccepted"] = accepted.Length;
        results.Figures["ordersNeverAcknowledged"] = unanswered.Length;
        results.Figures["ordersNeverAcknowledgedButPlaced"] = placedUnanswered;
        results.Figures["ordersConfirmed"] = final.GetValueOrDefault("Confirmed");
        results.Figures["ordersRejected"] = final.GetValueOrDefault("Rejected");
        results.Figures["ordersCancelled"] = final.GetValueOrDefault("Cancelled");
        results.Figures["ordersPending"] = final.GetValueOrDefault("Pending");
        results.Figures["ordersLost"] = lost;
    }

    /// <summary>
    /// No key created a second order: the order-state rows in the orders database are exactly the
    /// orders the keys lead to, and each user's order list names each of their orders once.
    /// </summary>
    private static async Task CheckOneOrderPerKey(CheckResults results, ShopSystem system, HttpClient http, IReadOnlyList<ChaosUser> users,
        IReadOnlyCollection<PlannedOrder> planned, Dictionary<Guid, JsonElement> existing)
    {
        var rows = await StoredState.RowsByState(system);
        foreach (var (state, count) in rows)
        {
            results.Figures[$"storedRows.{state}"] = count;
        }

        var orderRows = rows.GetValueOrDefault("orders.order");
        results.Require(orderRows == existing.Count,
            $"the orders database holds {orderRows} order states, but the {planned.Count} keys lead to {existing.Count} existing orders");
        results.Require(planned.Select(p => p.Key).Distinct().Count() == planned.Count, "the load used an Idempotency-Key twice");

        foreach (var user in users)
        {
            using var response = await http.SendAsync(BenchHttp.Get($"/api/orders?limit={OrderListLimit}", user.Token));
            await BenchHttp.EnsureSuccess(response, "GET /api/orders");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var listed = json.RootElement.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ToArray();
            var theirs = planned.Where(p => p.User == user).Select(p => p.ExpectedId).Where(existing.ContainsKey).ToHashSet();
            results.Require(listed.Distinct().Count() == listed.Length, $"{user.Email}'s order list names an order twice");
            results.Require(listed.All(theirs.Contains), $"{user.Email}'s order list names an order none of their keys leads to");
            // The list holds the latest 100: complete only for users with fewer orders.
            results.Require(theirs.Count > OrderListLimit || theirs.SetEquals(listed), $"{user.Email}'s order list lacks some of their {theirs.Count} orders");
        }
    }

    private const int OrderListLimit = 100;

    /// <summary>For every product: stock unchanged, stock == available + reserved, reserved == what the confirmed orders hold.</summary>
    private static async Task CheckStock(CheckResults results, HttpClient http, string admin, IReadOnlyList<ChaosProduct> products, IEnumerable<JsonElement> orders)
    {
        var held = products.ToDictionary(p => p.Sku, _ => 0);
        foreach (var order in orders.Where(o => OrderAudit.Status(o) == "Confirmed"))
        {
            foreach (var item in order.GetProperty("items").EnumerateArray())
            {
                held[item.GetProperty("sku").GetString()!] += item.GetProperty("quantity").GetInt32();
            }
        }

        foreach (var product in products)
        {
            using var response = await http.SendAsync(BenchHttp.Get($"/api/products/{product.Sku}", admin));
            await BenchHttp.EnsureSuccess(response, $"GET /api/products/{product.Sku}");
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var (stock, reserved, available) = (json.RootElement.GetProperty("stock").GetInt32(), json.RootElement.GetProperty("reserved").GetInt32(), json.RootElement.GetProperty("available").GetInt32());
            results.Require(stock == product.InitialStock, $"{product.Sku}: stock {stock}, but it started at {product.InitialStock} and nobody restocked");
            results.Require(stock == available + reserved, $"{product.Sku}: stock {stock} != available {available} + reserved {reserved}");
            results.Require(reserved == held[product.Sku], $"{product.Sku}: reserved {reserved}, but the confirmed orders hold {held[product.Sku]}");
        }

        results.Figures["unitsReserved"] = held.Values.Sum();
    }

    /// <summary>Exactly one confirmation e-mail per confirmed order, none for any other order.</summary>
    private static void CheckOneEmailPerConfirmedOrder(CheckResults results, string mailFolder, Dictionary<Guid, JsonElement> orders)
    {
        var mails = MailAudit.ConfirmationsPerOrder(mailFolder);
        var confirmed = orders.Where(kv => OrderAudit.Status(kv.Value) == "Confirmed").Select(kv => kv.Key).ToHashSet();
        var unmailed = confirmed.Where(id => mails.GetValueOrDefault(id) == 0).ToArray();
        var missing = unmailed.Length;
        var duplicated = mails.Where(kv => kv.Value > 1).ToArray();
        var stray = mails.Keys.Count(id => !confirmed.Contains(id));
        // With the time each was confirmed, to set beside the timeline's faults.
        results.Require(missing == 0, $"{missing} confirmed orders got no confirmation e-mail (e.g. {string.Join(", ", unmailed.Take(5).Select(id =>
            $"{id:N} confirmed at {orders[id].GetProperty("updatedAt").GetDateTimeOffset():HH:mm:ss.fff}"))})");
        results.Require(duplicated.Length == 0, $"{duplicated.Length} orders got more than one confirmation e-mail (e.g. {string.Join(", ", duplicated.Take(3).Select(kv => $"{kv.Key}: {kv.Value}"))})");
        results.Require(stray == 0, $"{stray} confirmation e-mails are for orders that are not confirmed");
        results.Figures["confirmationEmails"] = mails.Values.Sum();
        results.Figures["ordersWithDuplicateEmails"] = duplicated.Length;
    }
}
