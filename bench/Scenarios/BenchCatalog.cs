namespace Shop.Bench.Scenarios;

/// <summary>
/// The products the bench creates and reads: one definition, so the baseline server answers with
/// exactly the JSON the gateway answers for the same sku.
/// </summary>
public static class BenchCatalog
{
    public const decimal Price = 9.99m;
    public const int Stock = 100_000_000;
    public const string Description = "A product created by the benchmark: its stock is large enough that no order is refused.";

    public static string Sku(int index) => $"BENCH-{index:D6}";

    public static string Name(string sku) => $"Bench product {sku}";

    /// <summary>The body of PUT /api/products/{sku}.</summary>
    public static object Definition(string sku) => new { name = Name(sku), description = Description, price = Price, stock = Stock };
}
