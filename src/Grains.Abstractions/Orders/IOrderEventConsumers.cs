namespace Shop.Orders;

// Marker interfaces of the grains that subscribe implicitly to the orders stream. Nobody calls
// them: the stream runtime activates them (one per order id) when an event arrives. A new reaction
// to orders is a new grain with its own marker here; the order code never changes.

/// <summary>Inventory: reserves stock for created orders and confirms or rejects them.</summary>
[Alias("Shop.Orders.IOrderReservationConsumer")]
public interface IOrderReservationConsumer : IGrainWithGuidKey;

/// <summary>Notifications: sends the confirmation e-mail of confirmed orders.</summary>
[Alias("Shop.Orders.IOrderConfirmationMailer")]
public interface IOrderConfirmationMailer : IGrainWithGuidKey;

/// <summary>Analytics: folds order events into the shop statistics.</summary>
[Alias("Shop.Orders.IOrderStatisticsConsumer")]
public interface IOrderStatisticsConsumer : IGrainWithGuidKey;
