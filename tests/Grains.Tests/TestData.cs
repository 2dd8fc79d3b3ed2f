using Orleans.Storage;
using Shop.Inventory;
using Shop.Orders;
using Shop.Users;

namespace Shop.Grains.Tests;

/// <summary>Random keys per test, so tests sharing a cluster never see each other's data.</summary>
internal static class TestData
{
    public static string NewSku() => $"T-{Guid.NewGuid():N}"[..20];

    public static async Task<string> NewProduct(IClusterClient client, int stock, decimal price = 10m)
    {
        var sku = NewSku();
        await client.GetGrain<IProductGrain>(sku).Upsert(new ProductDefinition("Test product", "", price, stock));
        return sku;
    }

    public static async Task<Guid> NewUser(IClusterClient client)
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var result = await client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(email))
            .Register(new RegisterUser(email, "Test User", "password-1"));
        return result.Profile!.Id;
    }

    public static Task<ProductDetails?> Product(IClusterClient client, string sku) => client.GetGrain<IProductGrain>(sku).GetDetails();

    public static PlaceOrder Order(Guid userId, params (string Sku, int Quantity)[] lines) =>
        new(userId, [.. lines.Select(l => new OrderLineRequest(l.Sku, l.Quantity))]);

    /// <summary>A new order id whose events travel on the same partition stream as <paramref name="orderId"/>'s.</summary>
    public static Guid OrderIdInPartitionOf(Guid orderId)
    {
        var partitions = new Shop.Grains.Events.OrderStreamOptions().Partitions;
        var partition = OrderPartitions.Of(orderId, partitions);
        while (true)
        {
            var id = Guid.NewGuid();
            if (id != orderId && OrderPartitions.Of(id, partitions) == partition)
            {
                return id;
            }
        }
    }

    /// <summary>What a grain has stored under <paramref name="stateName"/> (a null ETag when nothing), read from the silos' storage.</summary>
    public static async Task<GrainState<T>> Stored<T>(this IGrainStorage storage, string stateName, GrainId grainId) where T : new()
    {
        var state = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    /// <summary>What a user's order index has stored in its journal (open orders, Pending records, recent entries).</summary>
    public static Task<GrainState<Shop.Grains.Orders.UserOrdersJournal>> StoredJournal(this IGrainStorage storage, IClusterClient client, Guid user) =>
        storage.Stored<Shop.Grains.Orders.UserOrdersJournal>("user-orders-journal", client.GetGrain<IUserOrdersGrain>(user).GetGrainId());

    /// <summary>Waits until the order leaves Pending (the saga has run).</summary>
    public static Task<OrderSnapshot?> Settled(IClusterClient client, Guid orderId) =>
        Shop.TestSupport.Eventually.Until(
            () => client.GetGrain<IOrderGrain>(orderId).Get(),
            o => o is not null && o.Status != OrderStatus.Pending,
            $"order {orderId} to settle");
}
