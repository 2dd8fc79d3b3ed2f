using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Shop.Grains.Orders;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// The per-hour totals the hoarding limits keep for orders that left a user's listed index: kept by a
/// hash of the sku (the index is rewritten with every order), and totals stored by sku before that
/// still count.
/// </summary>
public sealed class HourlyOrderTotalsTests
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(UserOrdersState).Assembly))
        .BuildServiceProvider();

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 30, 0, TimeSpan.Zero);
    private readonly OrderLimits _limits = new(maxUnitsPerProduct: 10, maxValue: 1_000_000m);

    [Fact]
    public void Totals_stored_by_sku_before_the_hashed_form_still_count_and_move_into_it()
    {
        var hour = new HourlyOrderTotals { Hour = Now.AddHours(-1), Value = 9m, Units = new(StringComparer.Ordinal) { ["SKU-A"] = 9 } };
        var state = new UserOrdersState { EarlierHours = [hour] };

        Assert.Contains("11 of SKU-A", _limits.Refusal(state, Now, [new OrderLine("SKU-A", 2, 1m)]));
        Assert.Empty(hour.Units);
        Assert.Equal(9, hour.UnitsOf("SKU-A"));
        Assert.Null(_limits.Refusal(state, Now, [new OrderLine("SKU-B", 10, 1m)]));
    }

    [Fact]
    public void Folded_orders_count_by_product_after_a_round_trip_through_the_serializer_which_stores_no_sku()
    {
        var state = new UserOrdersState();
        for (var i = 0; i < 1000; i++)
        {
            OrderLimits.Fold(state, new UserOrderEntry(Guid.NewGuid(), Now.AddMinutes(-5)) { Lines = [new OrderLine($"PRODUCT-{i:D4}", i % 10 + 1, 1m)] }, Now);
        }

        var bytes = Services.GetRequiredService<Serializer<UserOrdersState>>().SerializeToArray(state);
        var loaded = Services.GetRequiredService<Serializer<UserOrdersState>>().Deserialize(bytes)!;

        Assert.DoesNotContain("PRODUCT-", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(7, Assert.Single(loaded.EarlierHours).UnitsOf("PRODUCT-0006"));
        Assert.Contains("11 of PRODUCT-0009", _limits.Refusal(loaded, Now, [new OrderLine("PRODUCT-0009", 1, 1m)]));
        Assert.Null(_limits.Refusal(loaded, Now, [new OrderLine("PRODUCT-0008", 1, 1m)]));
    }
}
