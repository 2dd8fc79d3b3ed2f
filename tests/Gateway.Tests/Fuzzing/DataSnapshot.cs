
namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// Everything an invalid request could have changed, as the API shows it: the catalog and every
/// product (stock, reserved), both users' profiles, orders and e-mails, and the shop statistics.
/// Each entry is an answer's raw JSON, so any change at all shows up.
/// </summary>
public sealed record DataSnapshot(SortedDictionary<string, string> Answers)
{
    public static async Task<DataSnapshot> Take(FuzzFixture fuzz)
    {
        var answers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        async Task Read(string name, HttpClient client, string path)
        {
            var response = await client.GetAsync(path);
            answers[name] = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }

        await Read("products", fuzz.Anonymous, "/api/products");
        foreach (var sku in fuzz.World.Skus)
        {
            await Read($"product {sku}", fuzz.Anonymous, $"/api/products/{sku}");
        }

        foreach (var (who, client) in new[] { ("user", fuzz.User), ("victim", fuzz.Victim), ("admin", fuzz.Admin) })
        {
            await Read($"{who} profile", client, "/api/users/me");
            await Read($"{who} orders", client, "/api/orders?limit=100");
            await Read($"{who} notifications", client, "/api/users/me/notifications");
        }

        foreach (var order in new[] { fuzz.World.ConfirmedOrder, fuzz.World.CancelledOrder, fuzz.World.VictimOrder })
        {
            await Read($"order {order}", fuzz.Admin, $"/api/orders/{order}");
        }

        await Read("stats", fuzz.Admin, "/api/stats");
        return new DataSnapshot(answers);
    }

    /// <summary>
    /// A snapshot once the data stopped moving: the events of the orders placed before (confirmation
    /// e-mails, statistics) are delivered asynchronously, so two equal snapshots in a row, none with an
    /// order still Pending, are what "settled" means. They are taken further apart than the e-mail
    /// record's interval (Shop:Email:RecordInterval, 1 s), for which a listed e-mail may wait.
    /// </summary>
    private static readonly TimeSpan StableFor = TimeSpan.FromSeconds(1.2);

    public static async Task<DataSnapshot> Settled(FuzzFixture fuzz)
    {
        var previous = await Take(fuzz);
        var settled = await Eventually.Until(async () =>
        {
            await Task.Delay(StableFor);
            var current = await Take(fuzz);
            var settled = current.SameAs(previous) && !current.Answers.Values.Any(a => a.Contains("\"Pending\"", StringComparison.Ordinal));
            previous = current;
            return (Settled: settled, Snapshot: current);
        }, s => s.Settled, "the data to settle");
        return settled.Snapshot;
    }

    public bool SameAs(DataSnapshot other) => Answers.Count == other.Answers.Count && Answers.All(a => other.Answers.TryGetValue(a.Key, out var v) && v == a.Value);

    /// <summary>The entries that differ, before and after, for the failure message.</summary>
    public IEnumerable<string> Differences(DataSnapshot after) =>
        Answers.Keys.Union(after.Answers.Keys)
            .Where(k => Answers.GetValueOrDefault(k) != after.Answers.GetValueOrDefault(k))
            .Select(k => $"{k}:\n  before: {Answers.GetValueOrDefault(k)}\n  after:  {after.Answers.GetValueOrDefault(k)}");
}
