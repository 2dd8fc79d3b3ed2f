using Shop.Inventory;

namespace Shop.Grains.Inventory;

/// <summary>
/// The stored pages of one catalog, as its grain sees them: which page takes the next skus, reading
/// them all at activation, appending a batch. Pages fill in order and a page is started only once the
/// page before it is stored, so the pages that hold skus are always 0 to <see cref="Count"/> - 1 and the
/// first empty page ends them. Its calls must run on the catalog grain's turns: the authorization
/// policy sees them as calls of grain:catalog.
/// </summary>
internal sealed class CatalogPages(IGrainFactory grains, string catalogKey, int pageSize)
{
    /// <summary>Pages read at once at activation: enough to hide the latency, bounded for a large catalog.</summary>
    private const int ReadParallelism = 32;

    /// <summary>Pages that hold skus.</summary>
    public int Count { get; private set; }

    /// <summary>How many skus the last page holds (page size or more: the next batch starts a new page).</summary>
    private int _tail;

    /// <summary>
    /// Every stored sku: the <paramref name="hint"/> pages the catalog's state counted, read in parallel,
    /// then on from there, in windows that double, until an empty page (the hint may lag behind).
    /// </summary>
    public async Task<List<string>> ReadAll(int hint)
    {
        var skus = new List<string>();
        Count = 0;
        _tail = 0;
        await ReadInto(skus, 0, hint);
        var from = hint;
        for (var window = 1; await ReadInto(skus, from, window); window = Math.Min(ReadParallelism, window * 2))
        {
            from += window;
        }

        return skus;
    }

    /// <summary>
    /// Stores <paramref name="skus"/> (none of them stored yet): the rest of the last page first, then new
    /// pages, one after the other so that no page is written before the one before it. Each write is at
    /// most one page. On a failure some pages may hold part of the batch: the caller discards this
    /// activation, and the next one reads what is stored.
    /// </summary>
    public async Task Append(IReadOnlyList<string> skus)
    {
        var done = 0;
        while (done < skus.Count)
        {
            var startsPage = Count == 0 || _tail >= pageSize;
            var page = startsPage ? Count : Count - 1;
            var room = startsPage ? pageSize : pageSize - _tail;
            var take = Math.Min(room, skus.Count - done);
            var part = new string[take];
            for (var i = 0; i < take; i++)
            {
                part[i] = skus[done + i];
            }

            await grains.GetGrain<ICatalogPageGrain>(ICatalogPageGrain.KeyOf(catalogKey, page)).Append(part);
            if (startsPage)
            {
                Count++;
                _tail = 0;
            }

            _tail += take;
            done += take;
        }
    }

    /// <summary>
    /// Adds the skus of pages from..from+count-1 (at most <see cref="ReadParallelism"/> calls at a time),
    /// in page order; false when one of them is empty. An empty page inside the hint is unexpected but
    /// harmless: the pages after it still count.
    /// </summary>
    private async Task<bool> ReadInto(List<string> skus, int from, int count)
    {
        var full = true;
        for (var start = from; start < from + count; start += ReadParallelism)
        {
            var reads = Enumerable.Range(start, Math.Min(ReadParallelism, from + count - start))
                .Select(page => grains.GetGrain<ICatalogPageGrain>(ICatalogPageGrain.KeyOf(catalogKey, page)).GetSkus())
                .ToArray();
            var pages = await Task.WhenAll(reads);
            for (var i = 0; i < pages.Length; i++)
            {
                if (pages[i].Count == 0)
                {
                    full = false;
                    continue;
                }

                skus.AddRange(pages[i]);
                Count = start + i + 1;
                _tail = pages[i].Count;
            }
        }

        return full;
    }
}
