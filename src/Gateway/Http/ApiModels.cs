namespace Shop.Gateway.Http;

// The HTTP contract of ../../docs/api (camelCase JSON). Request properties are nullable so that a
// missing field is reported as a validation error naming it, not as an unreadable body.

public sealed record RegisterRequest(string? Email, string? Name, string? Password);
public sealed record TokenRequest(string? Email, string? Password);
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
public sealed record UpdateProfileRequest(string? Name);
public sealed record UserResponse(Guid Id, string Email, string Name, DateTimeOffset CreatedAt);
public sealed record NotificationResponse(string Id, string Kind, string Subject, Guid? OrderId, DateTimeOffset SentAt);

public sealed record ProductSummaryResponse(string Sku, string Name, decimal Price, int Available);
public sealed record ProductResponse(string Sku, string Name, string Description, decimal Price, int Stock, int Reserved, int Available);
public sealed record PutProductRequest(string? Name, string? Description, decimal? Price, int? Stock);
public sealed record RestockRequest(int? Quantity);

public sealed record CreateOrderLine(string? Sku, int? Quantity);
public sealed record CreateOrderRequest(List<CreateOrderLine?>? Items);
public sealed record OrderItemResponse(string Sku, int Quantity, decimal UnitPrice);
public sealed record OrderResponse(
    Guid Id, Guid UserId, IReadOnlyList<OrderItemResponse> Items, decimal Total, string Status, string? Reason,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ProductSalesResponse(string Sku, int Quantity);
public sealed record StatsResponse(
    long OrdersCreated, long OrdersConfirmed, long OrdersRejected, long OrdersCancelled, decimal Revenue,
    IReadOnlyList<ProductSalesResponse> TopProducts);

public sealed record DashboardResponse(
    UserResponse? User, IReadOnlyList<OrderResponse>? Orders, StatsResponse? Stats, IReadOnlyCollection<string> Degraded);
