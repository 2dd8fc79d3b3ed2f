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

    /// <summary>How long an open circuit fails calls fast before letting one probe through (half-open).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a last good read answer may be served when its service fails.</summary>
    public TimeSpan FallbackLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most last good answers kept (each answer counts one).</summary>
    public long FallbackCacheEntries { get; set; } = 10_000;
}
