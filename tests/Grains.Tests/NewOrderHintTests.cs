using Orleans.Storage;
using Shop.Grains.Orders;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// The gateway's first attempt to place an order under an id it has just made says so
/// (<see cref="NewOrderHint"/>), and the order's activation reads nothing. The hint can save a read
/// but never cost an order: if the order is stored after all, the placement's write, which expects
/// no stored record, fails and overwrites nothing.
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
        var stored = new GrainState<OrderState>(new OrderState());
        await Storage.ReadStateAsync("order", grain.GetGrainId(), stored);
        Assert.True(stored.State!.Placed);
        Assert.Equal(user, stored.State.UserId);
    }

    [Fact]
    public async Task The_hint_on_an_order_that_is_stored_after_all_changes_nothing_and_a_retry_without_it_finds_the_order()
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

        // Had the activation read the order, this would answer AlreadyPlaced; it does not read, and its write is refused.
        await Assert.ThrowsAnyAsync<Exception>(() => NewOrderHint.Around(grain.GetGrainId(), () => grain.Place(request)));

        var stored = new GrainState<OrderState>(new OrderState());
        await Storage.ReadStateAsync("order", grain.GetGrainId(), stored);
        Assert.Equal(earlier.ETag, stored.ETag);
        Assert.Equal(OrderStatus.Confirmed, stored.State!.Status);
        var retried = await grain.Place(request);
        Assert.Equal(PlaceOrderOutcome.AlreadyPlaced, retried.Outcome);
        Assert.Equal(OrderStatus.Confirmed, retried.Order!.Status);
    }
}
