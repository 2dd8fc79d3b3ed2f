namespace Shop.Gateway.Contract;

public sealed record ProductSalesResponse(string Sku, int Quantity);

public sealed record StatsResponse(
    long OrdersCreated, long OrdersConfirmed, long OrdersRejected, long OrdersCancelled, decimal Revenue,
    IReadOnlyList<ProductSalesResponse> TopProducts);

/// <summary>The aggregation: a part whose service has no answer is null and named in <c>degraded</c>.</summary>
public sealed record DashboardResponse(
    UserResponse? User, IReadOnlyList<OrderResponse>? Orders, StatsResponse? Stats, IReadOnlyCollection<string> Degraded);
