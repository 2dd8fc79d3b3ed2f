using Shop.Analytics;
using Shop.Inventory;
using Shop.Notifications;
using Shop.Orders;
using Shop.Users;

namespace Shop.Gateway.Contract;

/// <summary>From wire contracts to the HTTP contract.</summary>
internal static class ApiMapping
{
    public static UserResponse ToResponse(this UserProfile p) => new(p.Id, p.Email, p.Name, p.CreatedAt);

    public static NotificationResponse ToResponse(this NotificationRecord n) => new(n.Id, n.Kind, n.Subject, n.OrderId, n.SentAt);

    public static ProductResponse ToResponse(this ProductDetails p) =>
        new(p.Sku, p.Name, p.Description, p.Price, p.Stock, p.Reserved, p.Available);

    public static ProductSummaryResponse ToSummary(this ProductDetails p) => new(p.Sku, p.Name, p.Price, p.Available);

    public static OrderResponse ToResponse(this OrderSnapshot o) => new(
        o.Id, o.UserId, [.. o.Items.Select(i => new OrderItemResponse(i.Sku, i.Quantity, i.UnitPrice))],
        o.Total, o.Status.ToString(), o.Reason, o.CreatedAt, o.UpdatedAt);

    public static UserStatsResponse ToResponse(this UserOrderStatistics s) => new(s.OrdersPlaced, s.OrdersConfirmed, s.TotalSpent);

    public static StatsResponse ToResponse(this ShopStatistics s) => new(
        s.OrdersCreated, s.OrdersConfirmed, s.OrdersRejected, s.OrdersCancelled, s.Revenue,
        [.. s.TopProducts.Select(p => new ProductSalesResponse(p.Sku, p.Quantity))]);
}
