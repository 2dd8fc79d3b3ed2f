using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Shop.Hosting;
using Shop.Grains.Analytics;
using Shop.Grains.Events;
using Shop.Grains.Notifications;
using Shop.Grains.Orders;
using Shop.Grains.Users;

namespace Shop.Grains.Hosting;

/// <summary>The services the grains need, registered the same way by the silo and by the tests' silos.</summary>
public static class ShopGrainServices
{
    public static IServiceCollection AddShopGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.TryAddSingletonTimeProvider();
        services.AddSingleton<IPasswordHasher<UserState>, PasswordHasher<UserState>>();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<ShopMetrics>();
        services.AddShopOptions<ConsumerOptions>(configuration, ConsumerOptions.Section);
        // Bound from the configuration the silo was composed with (a test cluster's silos have
        // their own), validated when the silo starts: a bad value names its key and stops it.
        services.AddShopOptions<OrderOptions>(configuration, OrderOptions.Section);
        services.AddShopOptions<OrderStreamOptions>(configuration, OrderStreamOptions.Section);
        services.AddShopOptions<StatisticsOptions>(configuration, StatisticsOptions.Section)
            .Validate<IOptions<OrderOptions>, IOptions<ClusterMembershipOptions>>(
                (statistics, orders, membership) => statistics.DedupeWindow > orders.Value.RepeatsEndWithin(membership.Value.TableRefreshTimeout),
                "Shop:Statistics:DedupeWindow must be longer than an order can repeat its events: Shop:Orders:SweepAfter + Shop:Orders:SweepWatch + Shop:Membership:TableRefreshTimeout + 2 x Shop:Orders:ReconcilePeriod.");

        services.AddShopOptions<EmailOptions>(configuration, EmailOptions.Section);
        services.AddSingleton<IEmailSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            if (!string.IsNullOrWhiteSpace(options.SmtpHost))
            {
                return new SmtpEmailSender(options);
            }

            var root = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            return new PickupFolderEmailSender(
                Path.GetFullPath(options.PickupDirectory, root),
                sp.GetRequiredService<ILogger<PickupFolderEmailSender>>());
        });
        return services;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
