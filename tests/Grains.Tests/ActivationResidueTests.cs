using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// Issue 14: the order flow leaves no per-order residue. Once a load stops, the shop's live
/// activations fall back to their level before it within a collection age (plus the minute):
/// long-lived consumers per partition rather than consumers per order, and orders, users and their
/// indexes collected like any idle grain.
/// </summary>
public sealed class ActivationResidueTests
{
    private static readonly TimeSpan CollectionAge = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task After_a_burst_of_orders_the_shops_live_activations_fall_back_to_their_level_before_it()
    {
        await using var shop = await ShopTestCluster.StartAsync(1, new Dictionary<string, string?>
        {
            ["Shop:Activations:CollectionAge"] = CollectionAge.ToString("c"),
            ["Shop:Activations:CollectionQuantum"] = "00:00:01",
        });
        var client = shop.Client;
        var sku = await TestData.NewProduct(client, stock: 100_000);
        var users = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => TestData.NewUser(client)));

        // A first load activates what lives on (the partitions' consumers, reconciliation, statistics);
        // once it is idle and collected, that is the level the test compares with.
        await PlaceAndSettle(client, users, sku, ordersPerUser: 1);
        var before = await Eventually.Until(() => ShopActivations(client), counts => counts.Of("OrderGrain") == 0 && counts.Of("UserOrdersGrain") == 0,
            "the first load's orders and user indexes to be collected", CollectionAge + TimeSpan.FromMinutes(1));

        // At most the 20 pending orders a user may have at once.
        await PlaceAndSettle(client, users, sku, ordersPerUser: 10);
        var during = await ShopActivations(client);
        Assert.True(during.Total >= before.Total + 300, $"the load activated its orders: {during}");

        // No per-order residue: every order activation and what it touched is collected again.
        var after = await Eventually.Until(() => ShopActivations(client), counts => counts.Total <= before.Total,
            "the shop's activations to fall back to their level before the load", CollectionAge + TimeSpan.FromMinutes(1));
        Assert.Equal(0, after.Of("OrderGrain"));
    }

    private static async Task PlaceAndSettle(IClusterClient client, Guid[] users, string sku, int ordersPerUser)
    {
        var placed = await Task.WhenAll(users.SelectMany(user => Enumerable.Range(0, ordersPerUser).Select(async _ =>
        {
            var result = await client.GetGrain<IOrderGrain>(Guid.NewGuid()).Place(TestData.Order(user, (sku, 1)));
            Assert.Equal(PlaceOrderOutcome.Created, result.Outcome);
            return result.Order!.Id;
        })));
        await Task.WhenAll(placed.Select(id => TestData.Settled(client, id)));
    }

    /// <summary>The live activations of the shop's own grain classes (Orleans' system grains left out), per class.</summary>
    private static async Task<Activations> ShopActivations(IClusterClient client)
    {
        var statistics = await client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return new Activations(statistics
            .Where(s => s.GrainType.Contains("Shop.", StringComparison.Ordinal))
            .GroupBy(s => s.GrainType)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount)));
    }

    private sealed record Activations(Dictionary<string, int> PerClass)
    {
        public int Total => PerClass.Values.Sum();

        public int Of(string grainClass) => PerClass.Where(p => p.Key.Contains(grainClass, StringComparison.Ordinal)).Sum(p => p.Value);

        public override string ToString() => $"{Total} in all: " + string.Join(", ", PerClass.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
    }
}
