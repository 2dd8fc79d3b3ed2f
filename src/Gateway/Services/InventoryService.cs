using Shop.Gateway.Resilience;
using Shop.Inventory;

namespace Shop.Gateway.Services;

/// <summary>The inventory service: the catalog's pages, products, their definition and restocking.</summary>
public sealed class InventoryService(IClusterClient cluster, ClusterCalls calls)
{
    private const DownstreamService Service = DownstreamService.Inventory;

    /// <summary>
    /// Up to <paramref name="size"/> products after the sku <paramref name="after"/>, and the cursor
    /// of the next page if there is one; the last good page as fallback.
    /// </summary>
    public Task<CatalogPage> Page(string? after, int size) =>
        calls.Read(Service, $"products:{after}:{size}", async () =>
        {
            // One more than the page: whether it exists says if there is a next page.
            var skus = await cluster.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkusAfter(after, size + 1);
            var details = await Task.WhenAll(skus.Take(size).Select(s => cluster.GetGrain<IProductGrain>(s).GetDetails()));
            return new CatalogPage(details.OfType<ProductDetails>().ToArray(), skus.Count > size ? skus[size - 1] : null);
        });

    /// <summary>The product, or its last good answer when the service fails.</summary>
    public Task<ProductDetails?> Product(string sku) =>
        calls.Read(Service, $"product:{sku}", cluster.GetGrain<IProductGrain>(sku).GetDetails);

    /// <summary>The product as it is now (no fallback): what a change is decided on.</summary>
    public Task<ProductDetails?> Current(string sku) => calls.CallIdempotent(Service, cluster.GetGrain<IProductGrain>(sku).GetDetails);

    /// <summary>
    /// A PUT: repeating it leaves the same product, and a repeat of the request that created it (same
    /// <see cref="ProductDefinition.AttemptId"/>) still answers Created.
    /// </summary>
    public Task<UpsertProductResult> Upsert(string sku, ProductDefinition definition) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IProductGrain>(sku).Upsert(definition));

    /// <summary>Adds to the stock: not repeated, since a second attempt would add twice.</summary>
    public Task<ProductDetails?> Restock(string sku, int quantity) =>
        calls.Call(Service, () => cluster.GetGrain<IProductGrain>(sku).Restock(quantity));
}

/// <summary>A page of the catalog as the fallback cache keeps it: the products, and the cursor of the next page if there is one.</summary>
public sealed record CatalogPage(ProductDetails[] Products, string? NextAfter);
