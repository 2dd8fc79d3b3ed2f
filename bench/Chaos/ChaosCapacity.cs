using Shop.Bench.Hosting;
using Shop.Bench.Load;
using Shop.Bench.Scenarios;

namespace Shop.Bench.Chaos;

/// <summary>
/// What the chaos run's cluster can do without faults: the bench's orders closed loop (128 workers,
/// each placing an order and following it until Confirmed, 5 s warm-up, 15 s measured) against a
/// cluster of the run's own shape (silos, durable PostgreSQL, settings), started for this alone and
/// stopped before the chaos run's own cluster starts, so that none of its orders, rows or e-mails
/// reaches the chaos run's checks. The run then offers half of it: a fixed rate from a figure of the
/// same machine at the same hour, where a constant would be too much in one hour and too little in
/// the next on a machine whose speed varies by half between hours.
/// </summary>
public static class ChaosCapacity
{
    private static readonly BenchOptions Bench = new();

    public static async Task<double> ClosedLoopConfirmedPerSecond(ChaosOptions options, IReadOnlyDictionary<string, string> settings, TextWriter output)
    {
        var work = Directory.CreateTempSubdirectory("shop-chaos-capacity-").FullName;
        output.WriteLine($"Measuring the closed-loop rate of {options.Silos} durable silos (logs: {work}) ...");
        await using var system = await ShopSystem.StartAsync(true, work, m => output.WriteLine($"  capacity: {m}"), new SystemShape(options.Silos, settings));
        using var setup = BenchHttp.Create(system.GatewayUrl, 8);
        var admin = await BenchHttp.DevelopmentAdminToken(setup);
        // The bench's own products: stock no order of the loop can exhaust.
        var skus = Enumerable.Range(1, 8).Select(BenchCatalog.Sku).ToArray();
        await BenchHttp.ForEach(skus, 4, sku => BenchHttp.PutProduct(setup, admin, sku, BenchCatalog.Definition(sku)));
        var tokens = await BenchHttp.NewUsers("capacity", options.Users, email => BenchHttp.NewUser(setup, email));

        var loop = new LoadSettings(Bench.Warmup, Bench.Duration, Bench.OrderConnections);
        using var http = BenchHttp.Create(system.GatewayUrl, loop.Connections);
        var result = await LoadRunner.Run("chaos.capacity", loop,
            context => OrdersScenario.PlaceAndFollow(http, context, tokens[context.Worker % tokens.Length], skus[Random.Shared.Next(skus.Length)]), output);
        var confirmed = result.PerSecond("confirmed");
        output.WriteLine($"  capacity: {confirmed:0.#} confirmed orders/s closed loop ({result.ErrorCount} errors, {result.PerSecond("refused"):0.#} refused/s)");
        return confirmed;
    }
}
