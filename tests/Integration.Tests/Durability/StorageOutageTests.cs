using Npgsql;
using Shop.Integration.Tests.Postgres;
using Shop.Inventory;

namespace Shop.Integration.Tests.Durability;

/// <summary>
/// One service's database becomes unreachable (the real server refuses its connections) while a
/// remote caller uses the cluster: every failure reaches the caller as a <see cref="StorageUnavailableException"/>
/// that went through Orleans' serializer, including a grain that fails while it activates, and the
/// service works again once its database is back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StorageOutageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task While_a_services_database_is_down_activations_and_writes_fail_as_storage_unavailable_change_nothing_and_recover_after()
    {
        var databases = await DurableDatabases.CreateAsync(postgres);
        // The caller is a plain client without a service identity: this test is about storage.
        var settings = databases.With(
            ("Shop:Authorization:Enabled", "false"),
            ("Shop:Catalog:SeedDemo", "false"),
            ("Shop:Cluster:ClusterId", $"outage-{Guid.NewGuid():N}"[..20]),
            ("Shop:Cluster:ServiceId", "orleans-shop-outage"));
        await using var silo = await ShopSiloHost.StartAsync(settings);
        await using var caller = await ClusterObserver.ConnectAsync(settings);
        var grains = caller.Client;
        var active = $"O-{Guid.NewGuid():N}"[..12];
        await grains.GetGrain<IProductGrain>(active).Upsert(new ProductDefinition("Active", "", 1m, 5));
        var undefined = $"U-{Guid.NewGuid():N}"[..12];
        Assert.Null(await grains.GetGrain<IProductGrain>(undefined).GetDetails());

        var inventory = new NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Inventory"]).Database!;
        await SetConnectionsAllowed(inventory, allowed: false);
        try
        {
            // Never activated: its state read fails during activation, before any grain call runs.
            var unseen = $"N-{Guid.NewGuid():N}"[..12];
            var activation = await Assert.ThrowsAsync<StorageUnavailableException>(() => grains.GetGrain<IProductGrain>(unseen).GetDetails());
            AssertNamesNoInternals(activation);

            var write = await Assert.ThrowsAsync<StorageUnavailableException>(() => grains.GetGrain<IProductGrain>(active).Restock(1));
            AssertNamesNoInternals(write);
            // Active but never defined: defining it fails (its catalog entry cannot be stored).
            var define = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
                grains.GetGrain<IProductGrain>(undefined).Upsert(new ProductDefinition("Never stored", "", 1m, 1)));
            AssertNamesNoInternals(define);
        }
        finally
        {
            await SetConnectionsAllowed(inventory, allowed: true);
        }

        // Back: the pool drops its dead connections and the same calls succeed. The calls that
        // failed changed nothing, in storage or in memory: the restock counts once, the product
        // whose definition failed does not exist.
        var restocked = await Eventually.Until(
            async () => { try { return await grains.GetGrain<IProductGrain>(active).Restock(1); } catch (StorageUnavailableException) { return null; } },
            p => p is not null, "a restock once the database is back");
        Assert.Equal(6, restocked!.Stock);
        Assert.Null(await grains.GetGrain<IProductGrain>(undefined).GetDetails());
        Assert.DoesNotContain(undefined, await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkus());
        Assert.Null(await grains.GetGrain<IProductGrain>($"N-{Guid.NewGuid():N}"[..12]).GetDetails());
    }

    private static void AssertNamesNoInternals(StorageUnavailableException error)
    {
        Assert.Contains("database is unavailable", error.Message);
        Assert.DoesNotContain("127.0.0.1", error.Message);
        Assert.DoesNotContain("Npgsql", error.Message);
        Assert.Null(error.InnerException);
    }

    /// <summary>
    /// The server itself refuses every new connection to the database (superusers included) and ends
    /// the open ones, as if that service's database server were gone; the cluster database stays up.
    /// </summary>
    private async Task SetConnectionsAllowed(string database, bool allowed)
    {
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString("postgres"));
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"alter database \"{database}\" allow_connections {(allowed ? "true" : "false")}", admin))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allowed)
        {
            await using var end = new NpgsqlCommand("select pg_terminate_backend(pid) from pg_stat_activity where datname = @database", admin);
            end.Parameters.AddWithValue("database", database);
            await end.ExecuteNonQueryAsync();
        }
    }
}
