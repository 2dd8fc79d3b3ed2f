using System.ComponentModel.DataAnnotations;

namespace Shop.Grains.Events;

/// <summary>How stream consumers retry an event before parking it (configuration section "Shop:Events").</summary>
public sealed class ConsumerOptions
{
    public const string Section = "Shop:Events";

    /// <summary>Attempts per event, the first included, when the event itself fails (a poison event).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the second attempt; doubles for each further attempt, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an event that fails because a dependency is down (a database outage, a silo that
    /// died) is retried before it is parked, however many attempts that takes: an outage is not a
    /// poison event, and parking during one lost e-mails in the chaos run (the event and its sweep
    /// both fell into a 13 s PostgreSQL outage). Kept below Orleans' 30 s response timeout, after
    /// which the stream would deliver the batch again while this one still runs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:29")]
    public TimeSpan RetryOutagesFor { get; set; } = TimeSpan.FromSeconds(25);
}
