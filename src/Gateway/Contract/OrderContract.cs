using System.ComponentModel.DataAnnotations;
using Shop.Inventory;
using Shop.Orders;

namespace Shop.Gateway.Contract;

public sealed record CreateOrderLine(
    [property: Required, StringLength(Sku.MaxLength, MinimumLength = 1), RegularExpression(Sku.Pattern)] string? Sku,
    [property: Required, Range(OrderRules.MinQuantity, OrderRules.MaxQuantity)] int? Quantity);

public sealed record CreateOrderRequest([property: Required, Length(1, OrderRules.MaxLines)] List<CreateOrderLine?>? Items);

public sealed record OrderItemResponse(string Sku, int Quantity, decimal UnitPrice);

/// <summary>An order: <c>status</c> is Pending, Confirmed, Rejected or Cancelled; <c>reason</c> says why it was rejected.</summary>
public sealed record OrderResponse(
    Guid Id, Guid UserId, IReadOnlyList<OrderItemResponse> Items, decimal Total, string Status, string? Reason,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
