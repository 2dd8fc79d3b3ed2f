namespace Shop.Gateway.Contract;

public sealed record ProductSalesResponse(string Sku, int Quantity);

public sealed record StatsResponse(
    long OrdersCreated, long OrdersConfirmed, long OrdersRejected, long OrdersCancelled, decimal Revenue,
    IReadOnlyList<ProductSalesResponse> TopProducts);

/// <summary>The caller's own figures over their latest 100 orders: never the shop's.</summary>
public sealed record UserStatsResponse(int OrdersPlaced, int OrdersConfirmed, decimal TotalSpent);

/// <summary>
/// The aggregation: the caller's profile, latest orders and own figures, and the shop's public top
/// products. A part whose service has no answer is null and named in <c>degraded</c>.
/// </summary>
public sealed record DashboardResponse(
    UserResponse? User, IReadOnlyList<OrderResponse>? Orders, UserStatsResponse? Stats,
    IReadOnlyList<ProductSalesResponse>? TopProducts, IReadOnlyCollection<string> Degraded);
