namespace Shop.Bench.Load;

/// <summary>
/// Whether a long run kept its pace: the rate of its first and of its last <see cref="Window"/>
/// operations, from the instants they completed. A rate that falls as the data grows (a write that
/// grows with the catalog) shows as a ratio last/first well below 1.
/// </summary>
public sealed record SteadyRate(int Window, double FirstPerSecond, double LastPerSecond)
{
    public double LastToFirst => FirstPerSecond > 0 ? LastPerSecond / FirstPerSecond : double.NaN;

    /// <summary>
    /// <paramref name="completedAt"/>: seconds from the start of the run at which each operation
    /// completed, in any order. The first window runs from the start to its last completion, the last
    /// one from the completion before it to the end; windows are at most half the operations, so they
    /// never overlap.
    /// </summary>
    public static SteadyRate Of(IEnumerable<double> completedAt, int window)
    {
        var times = completedAt.Order().ToArray();
        ArgumentOutOfRangeException.ThrowIfLessThan(times.Length, 2, nameof(completedAt));
        window = Math.Clamp(window, 1, times.Length / 2);
        var first = times[window - 1];
        var last = times[^1] - times[^(window + 1)];
        return new SteadyRate(window, PerSecond(window, first), PerSecond(window, last));
    }

    private static double PerSecond(int operations, double seconds) => seconds > 0 ? operations / seconds : double.PositiveInfinity;
}
