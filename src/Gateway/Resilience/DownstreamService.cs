namespace Shop.Gateway.Resilience;

/// <summary>The cluster's services as the gateway sees them: each has its own timeout and circuit breaker.</summary>
public enum DownstreamService
{
    Users,
    Orders,
    Inventory,
    Analytics,

    /// <summary>
    /// The user's e-mails (<c>INotificationGrain</c>): a service of its own in the cluster, with its
    /// own database, so a notifications outage must not open the users circuit (sign-in, profiles).
    /// </summary>
    Notifications,
}
