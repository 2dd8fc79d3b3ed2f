namespace Shop.Gateway.Resilience;

/// <summary>Configuration section "Shop:Resilience": applies to each downstream service's pipeline.</summary>
public sealed class ResilienceSettings
{
    public const string Section = "Shop:Resilience";

    /// <summary>Longest a single cluster call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The circuit opens when this share of calls in the sampling window failed...</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>...over this window...</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>...once the window holds at least this many calls.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>
    /// How long an open circuit first fails calls fast before letting one probe through (half-open).
    /// Short, because most failures are blips (a silo dying, a database restart): the chaos run saw a
    /// 30 s break opened by one killed silo refuse every order for 30 s after the cluster had recovered.
    /// </summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each failed probe doubles the break, up to this: a long outage is not probed every few seconds.</summary>
    public TimeSpan MaxBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The break after <paramref name="failedProbes"/> consecutive failed half-open probes.</summary>
    public TimeSpan BreakAfter(int failedProbes)
    {
        var doubled = BreakDuration.TotalMilliseconds * Math.Pow(2, Math.Clamp(failedProbes, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(doubled, Math.Max(BreakDuration.TotalMilliseconds, MaxBreakDuration.TotalMilliseconds)));
    }

    /// <summary>How long a last good read answer may be served when its service fails.</summary>
    public TimeSpan FallbackLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most last good answers kept (each answer counts one).</summary>
    public long FallbackCacheEntries { get; set; } = 10_000;
}
