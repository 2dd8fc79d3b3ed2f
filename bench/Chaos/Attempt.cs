namespace Shop.Bench.Chaos;

/// <summary>
/// One HTTP request of the chaos run, as the client saw it: when it started (since the run began),
/// how long it took, and the status (0 when no answer came: connection refused, reset or timed out).
/// </summary>
public sealed record Attempt(string Kind, TimeSpan Started, TimeSpan Duration, int Status, string? Failure)
{
    public const string PlaceOrder = "place-order";
    public const string Read = "read";

    public TimeSpan Ended => Started + Duration;
    public bool Succeeded => Status is >= 200 and < 300;
    public bool Answered => Status != 0;
}
