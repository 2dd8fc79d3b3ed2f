using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;

namespace Shop.Gateway.Resilience;

/// <summary>
/// The last known circuit state of each downstream service, exported as the gauge
/// "shop.gateway.circuit.state" (0 closed, 1 half-open, 2 open; meter "Shop.Gateway.Circuits").
/// </summary>
public sealed class CircuitStates : IDisposable
{
    private readonly ConcurrentDictionary<DownstreamService, CircuitState> _states = new();
    private readonly Meter _meter;

    public CircuitStates(IMeterFactory meters)
    {
        _meter = meters.Create("Shop.Gateway.Circuits");
        _meter.CreateObservableGauge("shop.gateway.circuit.state", () =>
            Enum.GetValues<DownstreamService>().Select(service => new Measurement<int>(
                Get(service) switch { CircuitState.Open or CircuitState.Isolated => 2, CircuitState.HalfOpen => 1, _ => 0 },
                new KeyValuePair<string, object?>("service", ClusterCalls.PartName(service)))),
            description: "Circuit state per downstream service: 0 closed, 1 half-open, 2 open.");
    }

    public void Dispose() => _meter.Dispose();

    public CircuitState Get(DownstreamService service) => _states.GetValueOrDefault(service, CircuitState.Closed);

    public void Set(DownstreamService service, CircuitState state) => _states[service] = state;
}
