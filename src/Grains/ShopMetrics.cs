using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Shop.Grains;

/// <summary>The shop's business instruments (meter "Shop.Domain"), exported with Orleans' own at /metrics.</summary>
public sealed class ShopMetrics : IDisposable
{
    public const string MeterName = "Shop.Domain";
    private readonly Meter _meter;
    private readonly Counter<long> _orders;
    private readonly Counter<long> _reservations;

    public ShopMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _orders = _meter.CreateCounter<long>("shop.orders", description: "Order status changes, by the status reached.");
        _reservations = _meter.CreateCounter<long>("shop.reservations", description: "Stock reservation attempts, by outcome.");
        EmailsSent = _meter.CreateCounter<long>("shop.emails.sent", description: "E-mails sent.");
    }

    public Counter<long> EmailsSent { get; }

    public void OrderReached(Shop.Orders.OrderStatus status) => _orders.Add(1, new TagList { { "status", status.ToString() } });

    public void ReservationAttempted(Shop.Inventory.ReservationOutcome outcome) =>
        _reservations.Add(1, new TagList { { "outcome", outcome.ToString() } });

    public void Dispose() => _meter.Dispose();
}
