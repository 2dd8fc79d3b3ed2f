namespace Shop.Grains.Events;

/// <summary>How stream consumers retry an event before parking it (configuration section "Shop:Events").</summary>
public sealed class ConsumerOptions
{
    public const string Section = "Shop:Events";

    /// <summary>Attempts per event, the first included.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the second attempt; doubles for each further attempt.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
