using System.Diagnostics.Metrics;

namespace Shop.Grains.Events;

/// <summary>The shop's event-processing instruments (meter "Shop.Events").</summary>
public sealed class EventMetrics : IDisposable
{
    public const string MeterName = "Shop.Events";
    private readonly Meter _meter;

    public EventMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        Parked = _meter.CreateCounter<long>("shop.events.parked", description: "Events a consumer gave up on after its retries.");
        Retried = _meter.CreateCounter<long>("shop.events.retried", description: "Failed attempts that were retried.");
    }

    public Counter<long> Parked { get; }
    public Counter<long> Retried { get; }

    public void Dispose() => _meter.Dispose();
}
