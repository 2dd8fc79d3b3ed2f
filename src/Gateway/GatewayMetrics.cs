using System.Diagnostics.Metrics;

namespace Shop.Gateway;

/// <summary>The gateway's own meter ("Shop.Gateway"): refusals, retries and other counters of its pipeline.</summary>
public static class GatewayMetrics
{
    public static readonly Meter Meter = new("Shop.Gateway");
}
