namespace Shop.Gateway.Resilience;

/// <summary>A downstream service could not answer (timeout, open circuit, unreachable) and there was no fallback.</summary>
public sealed class ServiceUnavailableException(DownstreamService service, TimeSpan retryAfter, Exception inner)
    : Exception($"The {service} service is unavailable.", inner)
{
    public DownstreamService Service { get; } = service;
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>
    /// Whether the call may have reached the cluster before it failed (a timeout, a connection lost
    /// mid-call), so a write may have happened; false only when it was certainly never sent (an open
    /// circuit, no connection to any silo, the service at capacity).
    /// </summary>
    public bool MayHaveHappened => InnerException is not (Polly.CircuitBreaker.BrokenCircuitException or Orleans.Runtime.Messaging.ConnectionFailedException
        or Polly.RateLimiting.RateLimiterRejectedException);

    /// <summary>Refused before it was sent, because the service had as many calls running and queued as the gateway allows.</summary>
    public bool Overloaded => InnerException is Polly.RateLimiting.RateLimiterRejectedException;
}
