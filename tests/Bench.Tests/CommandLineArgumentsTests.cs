namespace Shop.Bench.Tests;

public sealed class CommandLineArgumentsTests
{
    [Fact]
    public void Options_take_their_values_in_invariant_culture_and_name_the_option_when_one_is_bad()
    {
        var soak = Soak.SoakOptions.Parse(["--rate", "12.5", "--minutes", "2", "--out", "/tmp/x"]);
        Assert.Equal((12.5, TimeSpan.FromMinutes(2), "/tmp/x"), (soak.Rate, soak.Duration, soak.Output));
        var bench = BenchOptions.Parse(["--runs", "2", "--warmup", "0", "catalog"]);
        Assert.Equal((2, TimeSpan.Zero), (bench.Runs, bench.Warmup));
        Assert.Equal(["catalog"], bench.Scenarios);

        Assert.Equal("--rate needs a positive number.", Assert.Throws<ArgumentException>(() => Soak.SoakOptions.Parse(["--rate", "0"])).Message);
        Assert.Equal("--runs needs a positive number.", Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--runs", "1.5"])).Message);
        Assert.Equal("--warmup needs a number of seconds.", Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--warmup", "-1"])).Message);
        Assert.Equal("--out needs a value.", Assert.Throws<ArgumentException>(() => Chaos.ChaosOptions.Parse(["--out"])).Message);
    }
}
