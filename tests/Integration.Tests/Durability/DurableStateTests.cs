using Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shop.Integration.Tests.Postgres;
using Shop.Inventory;
using Shop.Notifications;
using Shop.Orders;
using Shop.Users;

namespace Shop.Integration.Tests.Durability;

[Collection(PostgresCollection.Name)]
public sealed class DurableStateTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Users_orders_reservations_and_emails_survive_a_full_silo_restart()
    {
        // These tests call grains directly from inside the silo, as no production caller does: they
        // test storage, and run without the authorization policy (tested on its own elsewhere).
        var databases = await DurableDatabases.CreateAsync(postgres);
        databases.Settings["Shop:Authorization:Enabled"] = "false";
        var email = $"{Guid.NewGuid():N}@example.com";
        var sku = $"D-{Guid.NewGuid():N}"[..12];
        var orderId = Guid.NewGuid();
        Guid userId;

        await using (var first = await ShopSiloHost.StartAsync(databases.Settings))
        {
            var grains = first.Services.GetRequiredService<IGrainFactory>();
            userId = (await grains.GetGrain<IUserDirectoryGrain>(email).Register(new RegisterUser(email, "Durable", "password-1"))).Profile!.Id;
            await grains.GetGrain<IProductGrain>(sku).Upsert(new ProductDefinition("Durable product", "", 5m, 10));
            await grains.GetGrain<IOrderGrain>(orderId).Place(new PlaceOrder(userId, [new OrderLineRequest(sku, 3)]));
            await Eventually.Until(() => grains.GetGrain<INotificationGrain>(userId).GetAll(), n => n.Count == 1, "the confirmation");
        }

        await using var second = await ShopSiloHost.StartAsync(databases.Settings);
        var after = second.Services.GetRequiredService<IGrainFactory>();

        Assert.Equal(userId, (await after.GetGrain<IUserDirectoryGrain>(email).Authenticate("password-1"))?.UserId);
        var order = await after.GetGrain<IOrderGrain>(orderId).Get();
        Assert.Equal(OrderStatus.Confirmed, order?.Status);
        Assert.Equal(15m, order?.Total);
        var product = await after.GetGrain<IProductGrain>(sku).GetDetails();
        Assert.Equal((10, 3, 7), (product!.Stock, product.Reserved, product.Available));
        Assert.Contains(sku, await after.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkus());
        Assert.Equal([orderId], await after.GetGrain<IUserOrdersGrain>(userId).GetRecent(10));
        Assert.Single(await after.GetGrain<INotificationGrain>(userId).GetAll());
    }

    [Fact]
    public async Task Each_service_writes_to_its_own_database()
    {
        var databases = await DurableDatabases.CreateAsync(postgres);
        databases.Settings["Shop:Authorization:Enabled"] = "false";
        await using (var silo = await ShopSiloHost.StartAsync(databases.Settings))
        {
            var grains = silo.Services.GetRequiredService<IGrainFactory>();
            var email = $"{Guid.NewGuid():N}@example.com";
            await grains.GetGrain<IUserDirectoryGrain>(email).Register(new RegisterUser(email, "Split", "password-1"));
            await grains.GetGrain<IProductGrain>("SPLIT-1").Upsert(new ProductDefinition("Split", "", 1m, 1));
        }

        // Rows are named by state name: the users database holds only users' state, inventory only products'
        // (the catalog's index among them: its count and its pages).
        Assert.Equal(["directory", "user"], await GrainTypesIn(databases.Settings["ConnectionStrings:Users"]!));
        Assert.Equal(["catalog", "catalog-page", "product"], await GrainTypesIn(databases.Settings["ConnectionStrings:Inventory"]!));
        Assert.Empty(await GrainTypesIn(databases.Settings["ConnectionStrings:Orders"]!));
    }

    /// <summary>The grain types with state in a database (the schema's grain state table).</summary>
    private static async Task<List<string>> GrainTypesIn(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select distinct grain_type from orleans_grain_state order by 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var types = new List<string>();
        while (await reader.ReadAsync())
        {
            types.Add(reader.GetString(0));
        }

        return types;
    }
}
