namespace Shop.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void The_products_scenario_runs_only_when_named_and_takes_its_count()
    {
        Assert.DoesNotContain("products", Run([]).Scenarios);
        Assert.DoesNotContain("products", Run(["all"]).Scenarios);

        var named = Run(["products", "--products", "30000"]);
        Assert.Equal(["products"], named.Scenarios);
        Assert.Equal(30_000, named.Products);
        Assert.Equal(100_000, Run(["products"]).Products);
        // With "all" it comes last, after the default list.
        Assert.Equal([.. BenchOptions.AllScenarios.Where(s => s != "pgbench"), "products"], Run(["products", "all"]).Scenarios);
    }

    /// <summary>The options of the bench's default command, as the command line gives them.</summary>
    private static BenchOptions Run(string[] args)
    {
        var parsed = CommandLine.BenchCommandLine.Parse(args);
        Assert.Empty(parsed.Errors);
        return Assert.IsType<CommandLine.RunCommand>(parsed.CommandResult.Command).Read(parsed);
    }
}
