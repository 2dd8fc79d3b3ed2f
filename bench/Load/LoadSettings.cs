namespace Shop.Bench.Load;

/// <summary>
/// How one scenario is driven. Closed loop (Rate null): each of <see cref="Connections"/> workers
/// sends its next request when the previous one answered: the throughput limit. Fixed rate: requests
/// are due at evenly spaced instants and each latency counts from the instant it was due, so a
/// stalled server is charged for every request it delayed (no coordinated omission).
/// </summary>
public sealed record LoadSettings(TimeSpan Warmup, TimeSpan Duration, int Connections, double? Rate = null)
{
    public string Mode => Rate is { } rate ? $"fixed rate {rate:0}/s" : "closed loop";
}
