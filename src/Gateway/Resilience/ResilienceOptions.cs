using System.ComponentModel.DataAnnotations;

namespace Shop.Gateway.Resilience;

/// <summary>Configuration section "Shop:Resilience": applies to each downstream service's pipeline.</summary>
public sealed class ResilienceOptions : IValidatableObject
{
    public const string Section = "Shop:Resilience";

    /// <summary>Longest a single attempt of a cluster call may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Longest an idempotent call (a read, a placement under its order id, a PUT) may take in all,
    /// its retries included. A silo that dies takes the grains it hosted with it until membership
    /// declares it dead (a few seconds, see docs/operations.md); a call that meets one is retried,
    /// and lands on a surviving silo once the cluster has re-formed, so the client never sees the crash.
    /// Kept under the 10 s a client of this shop is promised for an answer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryDeadline { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The first pause between attempts of an idempotent call; it doubles (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause between attempts: short, since the cluster re-forms within seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most calls this gateway has running against one service at once (long polls, which only wait,
    /// not counted). Past it and <see cref="MaxQueuedCalls"/>, a call is refused at once with 503 and
    /// Retry-After instead of joining a queue in the cluster: a request waits at most about
    /// (running + queued) / the service's throughput, so what is accepted stays fast while the rest is
    /// told to come back. Per gateway: with several gateways, each has this many.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxConcurrentCalls { get; set; } = 64;

    /// <summary>Calls to one service that may wait for a running one to finish before they are refused: a burst is absorbed, a flood is not.</summary>
    [Range(0, 100_000)]
    public int MaxQueuedCalls { get; set; } = 16;

    /// <summary>The Retry-After of a call refused because its service is at capacity: the queue drains within about a second.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The circuit opens when this share of calls in the sampling window failed...</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>...over this window...</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>...once the window holds at least this many calls.</summary>
    [Range(2, int.MaxValue)]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>
    /// How long an open circuit first fails calls fast before letting one probe through (half-open).
    /// Short, because most failures are blips (a silo dying, a database restart): the chaos run saw a
    /// 30 s break opened by one killed silo refuse every order for 30 s after the cluster had recovered.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each failed probe doubles the break, up to this: a long outage is not probed every few seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan MaxBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The break after <paramref name="failedProbes"/> consecutive failed half-open probes.</summary>
    public TimeSpan BreakAfter(int failedProbes)
    {
        var doubled = BreakDuration.TotalMilliseconds * Math.Pow(2, Math.Clamp(failedProbes, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(doubled, Math.Max(BreakDuration.TotalMilliseconds, MaxBreakDuration.TotalMilliseconds)));
    }

    /// <summary>How long a last good read answer may be served when its service fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan FallbackLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most last good answers kept (each answer counts one).</summary>
    [Range(1L, long.MaxValue)]
    public long FallbackCacheEntries { get; set; } = 10_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryDeadline < Timeout)
        {
            yield return new ValidationResult($"{Section}:RetryDeadline ({RetryDeadline}) must be at least {Section}:Timeout ({Timeout}).", [nameof(RetryDeadline)]);
        }

        if (MaxRetryDelay < RetryDelay)
        {
            yield return new ValidationResult($"{Section}:MaxRetryDelay ({MaxRetryDelay}) must be at least {Section}:RetryDelay ({RetryDelay}).", [nameof(MaxRetryDelay)]);
        }
    }
}
