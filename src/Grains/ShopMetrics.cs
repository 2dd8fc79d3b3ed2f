using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Shop.Grains;

/// <summary>
/// The shop's instruments in the silo (meter "Shop.Domain"), exported with Orleans' own at /metrics:
/// orders, reservations, e-mails, event retries and parking, authorization denials, repeated sweeps.
/// </summary>
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
        EventsParked = _meter.CreateCounter<long>("shop.events.parked", description: "Events a consumer gave up on after its retries.");
        EventsRetried = _meter.CreateCounter<long>("shop.events.retried", description: "Failed attempts that were retried.");
        Denials = _meter.CreateCounter<long>("shop.authorization.denials", description: "Grain calls refused by the authorization policy.");
        Resweeps = _meter.CreateCounter<long>("shop.orders.resweeps", description: "Settled orders swept again because the active silos changed around their sweep.");
    }

    public Counter<long> EmailsSent { get; }
    public Counter<long> EventsParked { get; }
    public Counter<long> EventsRetried { get; }
    public Counter<long> Denials { get; }
    public Counter<long> Resweeps { get; }

    public void OrderReached(Shop.Orders.OrderStatus status) => _orders.Add(1, new TagList { { "status", status.ToString() } });

    public void ReservationAttempted(Shop.Inventory.ReservationOutcome outcome) =>
        _reservations.Add(1, new TagList { { "outcome", outcome.ToString() } });

    public void Dispose() => _meter.Dispose();
}
