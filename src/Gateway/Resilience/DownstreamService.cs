namespace Shop.Gateway.Resilience;

/// <summary>The cluster's services as the gateway sees them: each has its own timeout and circuit breaker.</summary>
public enum DownstreamService
{
    Users,
    Orders,
    Inventory,
    Analytics,
}
