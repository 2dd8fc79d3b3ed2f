namespace Shop.Gateway.Resilience;

/// <summary>A downstream service could not answer (timeout, open circuit, unreachable) and there was no fallback.</summary>
public sealed class ServiceUnavailableException(DownstreamService service, TimeSpan retryAfter, Exception inner)
    : Exception($"The {service} service is unavailable.", inner)
{
    public DownstreamService Service { get; } = service;
    public TimeSpan RetryAfter { get; } = retryAfter;
}
