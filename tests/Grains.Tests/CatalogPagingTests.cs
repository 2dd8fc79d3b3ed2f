using Shop.Grains.Inventory;
using Shop.Inventory;

namespace Shop.Grains.Tests;

/// <summary>The catalog index hands out skus a page at a time, after a cursor, in ordinal order.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CatalogPagingTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Skus_come_in_ordinal_pages_after_a_cursor_that_need_not_exist()
    {
        // A prefix of its own, so that other tests' skus never sort between these.
        var prefix = $"CP-{Guid.NewGuid():N}-";
        string[] skus = [$"{prefix}A", $"{prefix}B", $"{prefix}a", $"{prefix}b"];
        foreach (var sku in skus.Reverse())
        {
            await _client.GetGrain<IProductGrain>(sku).Upsert(new ProductDefinition("Paged", "", 1m, 1));
        }

        var catalog = _client.GetGrain<ICatalogGrain>(ICatalogGrain.Key);

        // Ordinal: upper case before lower case.
        Assert.Equal(skus[..2], await catalog.GetSkusAfter(prefix, 2));
        Assert.Equal(skus[2..], await catalog.GetSkusAfter(skus[1], 2));
        Assert.Equal(skus[1..3], await catalog.GetSkusAfter($"{prefix}AA", 2));
        Assert.Empty(await catalog.GetSkusAfter(prefix, 0));
        Assert.Empty(await catalog.GetSkusAfter("\uffff", 10));
        Assert.Equal((await catalog.GetSkus()).Take(3), await catalog.GetSkusAfter(null, 3));
    }

    [Fact]
    public async Task A_page_is_never_larger_than_the_grains_own_limit()
    {
        var catalog = _client.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        var missing = CatalogGrain.MaxPage + 1 - (await catalog.GetSkus()).Count;
        foreach (var batch in Enumerable.Range(0, Math.Max(0, missing)).Chunk(50))
        {
            await Task.WhenAll(batch.Select(_ => TestData.NewProduct(_client, stock: 1)));
        }

        var page = await catalog.GetSkusAfter(null, int.MaxValue);

        Assert.Equal(CatalogGrain.MaxPage, page.Count);
        Assert.Empty(await catalog.GetSkusAfter(null, -5));
    }
}
