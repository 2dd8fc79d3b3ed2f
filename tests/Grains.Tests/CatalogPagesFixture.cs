using Orleans.Storage;

namespace Shop.Grains.Tests;

/// <summary>
/// A two-silo cluster whose catalog pages hold <see cref="PageSize"/> skus, so that a few dozen skus
/// cross many page boundaries. Each test uses a catalog of its own (any key is a catalog; the shop's
/// is "catalog"), whose pages are keyed by it.
/// </summary>
public sealed class CatalogPagesFixture : IAsyncLifetime
{
    public const int PageSize = 4;

    public ShopTestCluster Shop { get; private set; } = null!;
    public IClusterClient Client => Shop.Client;

    /// <summary>The inventory grain storage as the silos use it, to plant stored state as older code left it.</summary>
    public IGrainStorage InventoryStorage => Shop.Storage(StorageNames.Inventory);

    public async ValueTask InitializeAsync() =>
        Shop = await ShopTestCluster.StartAsync(silos: 2, new Dictionary<string, string?> { ["Shop:Catalog:PageSize"] = $"{PageSize}" });

    public async ValueTask DisposeAsync() => await Shop.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CatalogPagesCollection : ICollectionFixture<CatalogPagesFixture>
{
    public const string Name = "catalog pages";
}
