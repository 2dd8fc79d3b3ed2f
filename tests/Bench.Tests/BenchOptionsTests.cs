namespace Shop.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void The_products_scenario_runs_only_when_named_and_takes_its_count()
    {
        Assert.DoesNotContain("products", BenchOptions.Parse([]).Scenarios);
        Assert.DoesNotContain("products", BenchOptions.Parse(["all"]).Scenarios);

        var named = BenchOptions.Parse(["products", "--products", "30000"]);
        Assert.Equal(["products"], named.Scenarios);
        Assert.Equal(30_000, named.Products);
        Assert.Equal(100_000, BenchOptions.Parse(["products"]).Products);
        // With "all" it comes last, after the default list.
        Assert.Equal([.. BenchOptions.AllScenarios.Where(s => s != "pgbench"), "products"], BenchOptions.Parse(["products", "all"]).Scenarios);
    }
}
