using Orleans.Storage;
using Shop.Grains.Orders;
using Shop.Orders;
using Shop.TestSupport;

namespace Shop.Grains.Tests;

/// <summary>
/// The gateway's first attempt to place an order under an id it has just made says so
/// (<see cref="NewOrderHint"/>), and the order's activation reads nothing. The hint can save a read
/// but never cost an order: if the order is stored after all, the order's first write (the one that
/// settles it), which expects no stored record, fails and overwrites nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NewOrderHintTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private IGrainStorage Storage => fixture.Shop.Storage(StorageNames.Orders);

    [Fact]
    public async Task An_order_placed_with_the_hint_is_stored_and_settles_like_any_other()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 5, price: 3m);
        var grain = _client.GetGrain<IOrderGrain>(OrderIds.New());

        var placed = await NewOrderHint.Around(grain.GetGrainId(), () => grain.Place(TestData.Order(user, (sku, 2))));

        Assert.Equal(PlaceOrderOutcome.Created, placed.Outcome);
        Assert.Equal(OrderStatus.Confirmed, (await TestData.Settled(_client, grain.GetPrimaryKey()))!.Status);
        var stored = await Storage.Stored<OrderState>("order", grain.GetGrainId());
        Assert.True(stored.State!.Placed);
        Assert.Equal(user, stored.State.UserId);
    }

    [Fact]
    public async Task The_hint_on_an_order_that_is_stored_after_all_overwrites_nothing_and_the_stored_order_stands()
    {
        var user = await TestData.NewUser(_client);
        var sku = await TestData.NewProduct(_client, stock: 5, price: 3m);
        var request = TestData.Order(user, (sku, 1));
        var grain = _client.GetGrain<IOrderGrain>(OrderIds.New());
        // Stored, not active: what a crashed first attempt leaves behind.
        var earlier = new GrainState<OrderState>(new OrderState
        {
            Placed = true,
            UserId = user,
            Items = [new OrderLine(sku, 1, 3m)],
            Total = 3m,
            Status = OrderStatus.Confirmed,
            Fingerprint = OrderValidation.Fingerprint(request),
        });
        await Storage.WriteStateAsync("order", grain.GetGrainId(), earlier);

        // The activation reads nothing and takes the order for new; the order's first write (the one
        // that settles it) expects no stored record, is refused, and the activation is dropped.
        await NewOrderHint.Around(grain.GetGrainId(), () => grain.Place(request));

        // The next activation reads the stored order, and a retry without the hint finds it.
        var retried = await Eventually.Until(() => grain.Place(request), r => r.Outcome == PlaceOrderOutcome.AlreadyPlaced && r.Order!.Status == OrderStatus.Confirmed, "an activation that read the stored order");
        Assert.Equal(OrderStatus.Confirmed, retried.Order!.Status);
        var stored = await Storage.Stored<OrderState>("order", grain.GetGrainId());
        Assert.Equal(earlier.ETag, stored.ETag);
        Assert.Equal(OrderStatus.Confirmed, stored.State!.Status);
    }
}
