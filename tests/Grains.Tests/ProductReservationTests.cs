using Shop.Inventory;

namespace Shop.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ProductReservationTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Reservations_move_units_from_available_to_reserved()
    {
        var sku = await TestData.NewProduct(_client, stock: 10);
        var product = _client.GetGrain<IProductGrain>(sku);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());

        Assert.Equal(new ReservationResult(ReservationOutcome.Reserved, 7), await product.Reserve(a, 3));
        Assert.Equal(new ReservationResult(ReservationOutcome.Reserved, 3), await product.Reserve(b, 4));

        var details = (await product.GetDetails())!;
        Assert.Equal((10, 7, 3), (details.Stock, details.Reserved, details.Available));
        Assert.Equal(details.Stock, details.Available + details.Reserved);
    }

    [Fact]
    public async Task A_definition_whose_catalog_entry_fails_leaves_the_product_undefined()
    {
        var sku = $"T-{Guid.NewGuid():N}"[..12];
        var product = _client.GetGrain<IProductGrain>(sku);
        Assert.Null(await product.GetDetails());
        using (FaultInjection.Fail("ICatalogGrain", "Add", firstArgument: sku))
        {
            await Assert.ThrowsAsync<InjectedFaultException>(() => product.Upsert(new ProductDefinition("Half defined", "", 1m, 3)));
        }

        // The same activation answers: it must not show a product that was never stored.
        Assert.Null(await product.GetDetails());
        Assert.Null(await product.Restock(1));
    }

    [Fact]
    public async Task Reserving_again_for_the_same_order_is_idempotent()
    {
        var sku = await TestData.NewProduct(_client, stock: 5);
        var product = _client.GetGrain<IProductGrain>(sku);
        var order = Guid.NewGuid();

        await product.Reserve(order, 2);
        var again = await product.Reserve(order, 2);
        var different = await product.Reserve(order, 3);

        Assert.Equal(ReservationOutcome.Reserved, again.Outcome);
        Assert.Equal(ReservationOutcome.QuantityMismatch, different.Outcome);
        Assert.Equal(2, (await product.GetDetails())!.Reserved);
    }

    [Fact]
    public async Task A_reservation_beyond_available_is_refused_and_changes_nothing()
    {
        var sku = await TestData.NewProduct(_client, stock: 3);
        var product = _client.GetGrain<IProductGrain>(sku);
        await product.Reserve(Guid.NewGuid(), 2);

        var result = await product.Reserve(Guid.NewGuid(), 2);

        Assert.Equal(new ReservationResult(ReservationOutcome.InsufficientStock, 1), result);
        Assert.Equal(2, (await product.GetDetails())!.Reserved);
    }

    [Fact]
    public async Task Releasing_returns_the_units_and_is_idempotent()
    {
        var sku = await TestData.NewProduct(_client, stock: 4);
        var product = _client.GetGrain<IProductGrain>(sku);
        var order = Guid.NewGuid();
        await product.Reserve(order, 4);

        await product.Release(order);
        await product.Release(order);
        await product.Release(Guid.NewGuid());

        var details = (await product.GetDetails())!;
        Assert.Equal((4, 0, 4), (details.Stock, details.Reserved, details.Available));
    }

    [Fact]
    public async Task Reserving_an_unknown_product_says_so()
    {
        var result = await _client.GetGrain<IProductGrain>(TestData.NewSku()).Reserve(Guid.NewGuid(), 1);
        Assert.Equal(ReservationOutcome.UnknownProduct, result.Outcome);
    }

    [Fact]
    public async Task Stock_cannot_be_set_below_what_is_reserved()
    {
        var sku = await TestData.NewProduct(_client, stock: 10);
        var product = _client.GetGrain<IProductGrain>(sku);
        await product.Reserve(Guid.NewGuid(), 6);

        var refused = await product.Upsert(new ProductDefinition("Renamed", "", 12m, 5));
        var accepted = await product.Upsert(new ProductDefinition("Renamed", "", 12m, 6));

        Assert.Equal(UpsertProductOutcome.StockBelowReserved, refused.Outcome);
        Assert.Equal(UpsertProductOutcome.Updated, accepted.Outcome);
        Assert.Equal((6, 6, 0), (accepted.Product.Stock, accepted.Product.Reserved, accepted.Product.Available));
    }

    [Fact]
    public async Task A_repeat_of_the_request_that_created_a_product_is_answered_created_and_another_request_updated()
    {
        var product = _client.GetGrain<IProductGrain>($"R-{Guid.NewGuid():N}"[..12]);
        var request = new ProductDefinition("Repeated", "", 3m, 4, AttemptId: Guid.NewGuid());

        var first = await product.Upsert(request);
        var repeat = await product.Upsert(request);
        var other = await product.Upsert(request with { AttemptId = Guid.NewGuid() });
        var anonymous = await product.Upsert(request with { AttemptId = Guid.Empty });

        Assert.Equal(UpsertProductOutcome.Created, first.Outcome);
        Assert.Equal(UpsertProductOutcome.Created, repeat.Outcome);
        Assert.Equal(UpsertProductOutcome.Updated, other.Outcome);
        Assert.Equal(UpsertProductOutcome.Updated, anonymous.Outcome);
        Assert.Equal((4, 0), (repeat.Product.Stock, repeat.Product.Reserved));
    }

    [Fact]
    public async Task Restocking_adds_to_stock_and_new_products_join_the_catalog()
    {
        var sku = await TestData.NewProduct(_client, stock: 1);

        var restocked = await _client.GetGrain<IProductGrain>(sku).Restock(9);

        Assert.Equal(10, restocked?.Stock);
        Assert.Contains(sku, await _client.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkus());
        Assert.Null(await _client.GetGrain<IProductGrain>(TestData.NewSku()).Restock(1));
    }
}
