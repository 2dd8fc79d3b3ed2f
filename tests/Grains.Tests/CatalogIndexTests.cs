using Orleans.Core.Internal;
using Shop.Grains.Inventory;
using Shop.Inventory;

namespace Shop.Grains.Tests;

/// <summary>
/// The catalog index stored in pages of <see cref="CatalogPagesFixture.PageSize"/> skus: concurrent
/// adds in any order, reading it back after a deactivation, migrating the set older code stored, and
/// failed writes.
/// </summary>
[Collection(CatalogPagesCollection.Name)]
public sealed class CatalogIndexTests(CatalogPagesFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Skus_added_concurrently_in_random_order_page_in_ordinal_order_with_no_stored_page_over_its_size()
    {
        var (key, catalog) = NewCatalog();
        var skus = Enumerable.Range(0, 300).Select(_ => NewSku()).ToArray();
        Random.Shared.Shuffle(skus);

        await Task.WhenAll(skus.Select(catalog.Add));

        var sorted = skus.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(sorted, await catalog.GetSkus());
        Assert.Equal(sorted, await PageThrough(catalog, pageSize: 7));
        var pages = await StoredPages(key);
        Assert.All(pages, page => Assert.InRange(page.Count, 1, CatalogPagesFixture.PageSize));
        Assert.Equal(skus.Length / CatalogPagesFixture.PageSize, pages.Count);
        Assert.Equal(sorted, pages.SelectMany(p => p).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_index_is_read_back_from_its_pages_after_the_catalog_and_its_pages_deactivate()
    {
        var (key, catalog) = NewCatalog();
        var first = Enumerable.Range(0, 30).Select(_ => NewSku()).ToArray();
        await Task.WhenAll(first.Select(catalog.Add));

        await Deactivate([catalog, .. (await StoredPages(key)).Select((_, page) => Page(key, page))]);
        var more = Enumerable.Range(0, 11).Select(_ => NewSku()).ToArray();
        await Task.WhenAll(more.Select(catalog.Add));

        var all = first.Concat(more).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(all, await catalog.GetSkus());
        Assert.Equal(all, await PageThrough(catalog, pageSize: 5));
        // The reactivated catalog went on filling the last page it found instead of starting over.
        var pages = await StoredPages(key);
        Assert.All(pages, page => Assert.InRange(page.Count, 1, CatalogPagesFixture.PageSize));
        Assert.Equal(all, pages.SelectMany(p => p).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Pages_the_catalog_state_does_not_count_are_still_read()
    {
        // As after an old silo wrote the catalog's state during a rolling upgrade (it drops the page
        // count), or a crash between a page write and the count's: the pages are the truth.
        var (key, catalog) = NewCatalog();
        var skus = Enumerable.Range(0, 9 * CatalogPagesFixture.PageSize).Select(_ => NewSku()).ToArray();
        foreach (var (page, part) in skus.Chunk(CatalogPagesFixture.PageSize).Select((part, page) => (page, part)))
        {
            await Page(key, page).Append(part);
        }

        Assert.Equal(skus.Order(StringComparer.Ordinal), await catalog.GetSkus());
    }

    [Fact]
    public async Task A_catalog_stored_by_the_code_before_pages_is_moved_into_pages_and_its_old_set_cleared()
    {
        var key = NewKey();
        var legacy = Enumerable.Range(0, 10).Select(_ => NewSku()).ToArray();
        await fixture.InventoryStorage.WriteStateAsync("catalog", CatalogId(key),
            new GrainState<CatalogState>(new CatalogState { Skus = new SortedSet<string>(legacy, StringComparer.Ordinal) }));

        var catalog = _client.GetGrain<ICatalogGrain>(key);
        var sorted = legacy.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(sorted, await catalog.GetSkus());
        Assert.Equal(sorted[3..5], await catalog.GetSkusAfter(sorted[2], 2));

        var stored = await StoredState(key);
        Assert.Empty(stored.Skus);
        Assert.Equal(3, stored.PageCount);
        var pages = await StoredPages(key);
        Assert.Equal([4, 4, 2], pages.Select(p => p.Count));
        Assert.Equal(sorted, pages.SelectMany(p => p).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_migration_interrupted_after_some_pages_were_written_ends_with_every_sku_stored_once()
    {
        var key = NewKey();
        var legacy = Enumerable.Range(0, 7).Select(_ => NewSku()).Order(StringComparer.Ordinal).ToArray();
        // The crash came after the first page was written and before the old set was cleared.
        await Page(key, 0).Append(legacy[..4]);
        await fixture.InventoryStorage.WriteStateAsync("catalog", CatalogId(key),
            new GrainState<CatalogState>(new CatalogState { Skus = new SortedSet<string>(legacy, StringComparer.Ordinal) }));

        Assert.Equal(legacy, await _client.GetGrain<ICatalogGrain>(key).GetSkus());

        var pages = await StoredPages(key);
        Assert.Equal(legacy, pages.SelectMany(p => p).Order(StringComparer.Ordinal));
        Assert.Empty((await StoredState(key)).Skus);
    }

    [Fact]
    public async Task Concurrent_duplicate_adds_are_stored_once_and_a_stored_sku_added_again_changes_nothing()
    {
        var (key, catalog) = NewCatalog();
        var skus = Enumerable.Range(0, 6).Select(_ => NewSku()).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(_ => skus).Select(catalog.Add));
        await Task.WhenAll(skus.Select(catalog.Add));

        var stored = (await StoredPages(key)).SelectMany(p => p).ToArray();
        Assert.Equal(skus.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.Equal(skus.Order(StringComparer.Ordinal), await catalog.GetSkus());
    }

    [Fact]
    public async Task A_sku_is_served_only_once_its_page_write_has_succeeded()
    {
        var (key, catalog) = NewCatalog();
        var sku = NewSku();
        FaultInjection.ResetPeak();
        Task add;
        using (FaultInjection.Hang(nameof(ICatalogPageGrain), nameof(ICatalogPageGrain.Append), TimeSpan.FromSeconds(1.5), targetKey: ICatalogPageGrain.KeyOf(key, 0)))
        {
            add = catalog.Add(sku);
            await Eventually.Until(() => Task.FromResult(FaultInjection.PeakConcurrentHangs), hangs => hangs > 0, "the page write to be under way");

            // The catalog is reentrant: reads are answered while the write is under way, without the sku.
            Assert.Empty(await catalog.GetSkus());
            Assert.Empty(await catalog.GetSkusAfter(null, 10));
            Assert.False(add.IsCompleted);
        }

        await add;
        Assert.Equal([sku], await catalog.GetSkus());
    }

    [Fact]
    public async Task A_failed_page_write_fails_every_caller_of_its_batch_and_none_of_their_skus_is_served()
    {
        var (key, catalog) = NewCatalog();
        var before = new[] { NewSku(), NewSku() };
        await Task.WhenAll(before.Select(catalog.Add));
        var failed = Enumerable.Range(0, 5).Select(_ => NewSku()).ToArray();

        using (FaultInjection.Fail(nameof(ICatalogPageGrain), nameof(ICatalogPageGrain.Append), targetKey: ICatalogPageGrain.KeyOf(key, 0)))
        {
            var adds = failed.Select(catalog.Add).ToArray();
            foreach (var add in adds)
            {
                await Assert.ThrowsAnyAsync<Exception>(() => add);
            }

            Assert.Equal(before.Order(StringComparer.Ordinal), await catalog.GetSkus());
            Assert.Empty(await catalog.GetSkusAfter(before.Max(StringComparer.Ordinal), 10));
        }

        // Healed: a retried Add stores the sku (the failed activation may still be on its way out).
        foreach (var sku in failed)
        {
            await Eventually.Until(async () => await Succeeds(() => catalog.Add(sku)), stored => stored, $"sku {sku} to be stored");
        }

        var all = before.Concat(failed).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(all, await catalog.GetSkus());
        Assert.Equal(all, (await StoredPages(key)).SelectMany(p => p).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_shops_catalog_lists_products_defined_through_their_grains()
    {
        var prefix = $"CI-{Guid.NewGuid():N}"[..12];
        var skus = Enumerable.Range(0, 3 * CatalogPagesFixture.PageSize + 1).Select(i => $"{prefix}-{i:D2}").ToArray();

        await Task.WhenAll(skus.Reverse().Select(sku => _client.GetGrain<IProductGrain>(sku).Upsert(new ProductDefinition("Indexed", "", 1m, 1))));

        Assert.Equal(skus, await _client.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkusAfter(prefix, skus.Length));
    }

    private static string NewKey() => $"catalog-test-{Guid.NewGuid():N}";

    private static string NewSku() => $"S-{Guid.NewGuid():N}"[..16];

    private (string Key, ICatalogGrain Catalog) NewCatalog()
    {
        var key = NewKey();
        return (key, _client.GetGrain<ICatalogGrain>(key));
    }

    private ICatalogPageGrain Page(string key, int page) => _client.GetGrain<ICatalogPageGrain>(ICatalogPageGrain.KeyOf(key, page));

    private static GrainId CatalogId(string key) => GrainId.Create("catalog", key);

    /// <summary>The stored pages in order, up to the first empty one.</summary>
    private async Task<List<IReadOnlyList<string>>> StoredPages(string key)
    {
        var pages = new List<IReadOnlyList<string>>();
        while (await Page(key, pages.Count).GetSkus() is { Count: > 0 } page)
        {
            pages.Add(page);
        }

        return pages;
    }

    private async Task<CatalogState> StoredState(string key) =>
        (await fixture.InventoryStorage.Stored<CatalogState>("catalog", CatalogId(key))).State!;

    /// <summary>Every sku of the catalog, read a page at a time after the last sku of the page before.</summary>
    private static async Task<List<string>> PageThrough(ICatalogGrain catalog, int pageSize)
    {
        var all = new List<string>();
        string? cursor = null;
        while (await catalog.GetSkusAfter(cursor, pageSize) is { Count: > 0 } page)
        {
            all.AddRange(page);
            cursor = page[^1];
        }

        return all;
    }

    /// <summary>Deactivates the grains and waits until none of them is active, so the next call activates them afresh.</summary>
    private async Task Deactivate(IReadOnlyList<IAddressable> grains)
    {
        await Task.WhenAll(grains.Select(g => g.Cast<IGrainManagementExtension>().DeactivateOnIdle().AsTask()));
        var ids = grains.Select(g => g.GetGrainId()).ToHashSet();
        var management = _client.GetGrain<IManagementGrain>(0);
        await Eventually.Until(async () =>
        {
            var active = new List<GrainId>();
            foreach (var type in ids.Select(id => id.Type).Distinct())
            {
                active.AddRange(await management.GetActiveGrains(type));
            }

            return active.Count(ids.Contains);
        }, count => count == 0, "the grains to deactivate");
    }

    private static async Task<bool> Succeeds(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
