using System.Diagnostics.Metrics;

namespace Shop.Grains.Security;

/// <summary>Meter "Shop.Security": authorization denials by caller and target.</summary>
public sealed class SecurityMetrics : IDisposable
{
    public const string MeterName = "Shop.Security";
    private readonly Meter _meter;

    public SecurityMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        Denials = _meter.CreateCounter<long>("shop.authorization.denials", description: "Grain calls refused by the authorization policy.");
    }

    public Counter<long> Denials { get; }

    public void Dispose() => _meter.Dispose();
}
