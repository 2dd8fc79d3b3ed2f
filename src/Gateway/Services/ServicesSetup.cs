namespace Shop.Gateway.Services;

public static class ServicesSetup
{
    /// <summary>
    /// The cluster's services as the endpoints call them: each grain call is mapped to its service's
    /// circuit (and, for reads, its fallback cache key) in one of these classes and nowhere else.
    /// Scoped, like the <see cref="Resilience.ClusterCalls"/> they use, which records the request's degraded parts.
    /// </summary>
    public static IServiceCollection AddShopServices(this IServiceCollection services) => services
        .AddScoped<UsersService>()
        .AddScoped<OrdersService>()
        .AddScoped<InventoryService>()
        .AddScoped<AnalyticsService>()
        .AddScoped<NotificationsService>();
}
