
namespace Shop.Grains.Tests;

/// <summary>One two-silo cluster shared by the grain tests; every test uses its own random keys.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public ShopTestCluster Shop { get; private set; } = null!;
    public IClusterClient Client => Shop.Client;

    public async ValueTask InitializeAsync() => Shop = await ShopTestCluster.StartAsync(silos: 2);

    public async ValueTask DisposeAsync() => await Shop.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
