using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Shop.Grains.Orders;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// Rolling upgrade: orders stored before a field was retired still load, with the fields that
/// remain intact (the silo stores grain state with Orleans' own serializer, which skips ids it does
/// not know).
/// </summary>
public sealed class StoredOrderUpgradeTests
{
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSerializer(s => s.AddAssembly(typeof(OrderState).Assembly).AddAssembly(typeof(StoredOrderUpgradeTests).Assembly))
        .BuildServiceProvider();

    [Fact]
    public void An_order_stored_with_its_retired_status_history_still_loads()
    {
        var userId = Guid.NewGuid();
        var stored = new OrderWithHistory
        {
            Placed = true,
            UserId = userId,
            Total = 12.5m,
            Status = OrderStatus.Confirmed,
            Fingerprint = "abc",
            History = [new StatusChange(OrderStatus.Pending, DateTimeOffset.UnixEpoch, null), new StatusChange(OrderStatus.Confirmed, DateTimeOffset.UnixEpoch, null)],
            Published = 2,
        };
        var bytes = Services.GetRequiredService<Serializer<OrderWithHistory>>().SerializeToArray(stored);

        var loaded = Services.GetRequiredService<Serializer<OrderState>>().Deserialize(bytes);
        Assert.NotNull(loaded);

        Assert.True(loaded.Placed);
        Assert.Equal(userId, loaded.UserId);
        Assert.Equal(12.5m, loaded.Total);
        Assert.Equal(OrderStatus.Confirmed, loaded.Status);
        Assert.Equal("abc", loaded.Fingerprint);
        Assert.Equal(2, loaded.Published);
    }
}

/// <summary>OrderState as it was stored before Id 10 (History) was retired (the fields the test needs).</summary>
[GenerateSerializer, Alias("Shop.Grains.Tests.OrderWithHistory")]
public sealed class OrderWithHistory
{
    [Id(0)] public bool Placed { get; set; }
    [Id(1)] public Guid UserId { get; set; }
    [Id(3)] public decimal Total { get; set; }
    [Id(4)] public OrderStatus Status { get; set; }
    [Id(8)] public string Fingerprint { get; set; } = "";
    [Id(10)] public List<StatusChange> History { get; set; } = [];
    [Id(11)] public int Published { get; set; }
}
