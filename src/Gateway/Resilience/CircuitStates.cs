using System.Collections.Concurrent;
using Polly.CircuitBreaker;

namespace Shop.Gateway.Resilience;

/// <summary>The last known circuit state of each downstream service (for logs, metrics and tests).</summary>
public sealed class CircuitStates
{
    private readonly ConcurrentDictionary<DownstreamService, CircuitState> _states = new();

    public CircuitState Get(DownstreamService service) => _states.GetValueOrDefault(service, CircuitState.Closed);

    public void Set(DownstreamService service, CircuitState state) => _states[service] = state;
}
