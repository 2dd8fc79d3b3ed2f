using Shop.Bench.Load;

namespace Shop.Bench.Tests;

public sealed class SteadyRateTests
{
    [Fact]
    public void A_run_that_slows_down_shows_a_last_window_rate_below_its_first()
    {
        // 10 operations in the first second, then one every half second.
        double[] completions = [.. Enumerable.Range(1, 10).Select(i => i / 10.0), .. Enumerable.Range(1, 10).Select(i => 1 + i / 2.0)];

        var rate = SteadyRate.Of(completions.Reverse(), window: 10);

        Assert.Equal(10, rate.Window);
        Assert.Equal(10, rate.FirstPerSecond, 6);
        // The last ten run from the tenth completion (1 s) to the last (6 s).
        Assert.Equal(2, rate.LastPerSecond, 6);
        Assert.Equal(0.2, rate.LastToFirst, 6);
    }

    [Fact]
    public void Windows_never_overlap_and_a_steady_run_has_a_ratio_of_one()
    {
        var rate = SteadyRate.Of(Enumerable.Range(1, 9).Select(i => i * 0.5), window: 10_000);

        Assert.Equal(4, rate.Window);
        Assert.Equal(2, rate.FirstPerSecond, 6);
        Assert.Equal(2, rate.LastPerSecond, 6);
        Assert.Equal(1, rate.LastToFirst, 6);
    }
}
