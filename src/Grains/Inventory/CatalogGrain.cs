using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Shop.Grains.Storage;
using Shop.Inventory;

namespace Shop.Grains.Inventory;

/// <summary>
/// The index of every defined sku. The skus are stored in page grains (<see cref="CatalogPages"/>), a
/// bounded number each, so storing a new sku costs one page write whatever the size of the catalog
/// (the whole set rewritten on every new product made creating products quadratic). The sorted index
/// lives in memory (<see cref="SortedSkuIndex"/>), read from the pages at activation; this grain's own
/// state keeps only a page count (and the legacy set, until it is migrated).
/// <para>
/// Writes are grouped (<see cref="GroupCommit"/>): the grain is reentrant, each Add joins the next
/// write, and one write stores every sku added while the previous one was running. A caller returns
/// only once its sku is stored; only stored skus are served. After a failed write this activation
/// stores nothing more and goes away, and the next one reads what is stored.
/// </para>
/// </summary>
[Reentrant]
public sealed class CatalogGrain : Grain, ICatalogGrain
{
    /// <summary>The most skus one call hands out: a caller cannot make this grain copy the whole index.</summary>
    public const int MaxPage = 1000;

    private readonly IPersistentState<CatalogState> _state;
    private readonly int _pageSize;
    private readonly GroupCommit _commit;

    /// <summary>The stored skus only: a sku joins it once its page write succeeded.</summary>
    private readonly SortedSkuIndex _index = new();

    /// <summary>Skus on their way to storage and the write that carries each: a concurrent duplicate Add waits for it instead of storing twice.</summary>
    private readonly Dictionary<string, Task> _pending = new(StringComparer.Ordinal);

    /// <summary>The skus the next write stores.</summary>
    private List<string> _batch = [];

    private CatalogPages _pages = null!;

    public CatalogGrain([PersistentState("catalog", StorageNames.Inventory)] IPersistentState<CatalogState> state, IOptions<CatalogOptions> options)
    {
        _state = state;
        _pageSize = options.Value.PageSize;
        _commit = new GroupCommit(Write);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _pages = new CatalogPages(GrainFactory, this.GetPrimaryKeyString(), _pageSize);
        var stored = await _pages.ReadAll(_state.State.PageCount);
        var legacy = _state.State.Skus;
        if (legacy.Count > 0)
        {
            // Rolling upgrade: the code before the paged index stored every sku in this state's set. They
            // move into pages: first the pages are written, then the set is cleared. A crash in between
            // leaves the set in place, and the next activation stores only the skus the pages still lack,
            // so migrating is idempotent and nothing is lost. No call runs before activation ends, so no
            // Add interleaves with this.
            var held = new HashSet<string>(stored, StringComparer.Ordinal);
            var missing = legacy.Where(held.Add).ToList();
            await _pages.Append(missing);
            stored.AddRange(missing);
            legacy.Clear();
            _state.State.PageCount = _pages.Count;
            await _state.WriteStateAsync();
        }

        // Sorted here, not trusted from storage: the order must be ordinal whatever order the pages hold.
        _index.Load(stored);
    }

    public Task Add(string sku)
    {
        if (_index.Contains(sku))
        {
            return Task.CompletedTask;
        }

        if (_pending.TryGetValue(sku, out var pending))
        {
            return pending;
        }

        if (_commit.Failed)
        {
            // A failed commit, without queueing a sku that this activation will never store.
            return _commit.Commit();
        }

        _batch.Add(sku);
        var write = _commit.Commit();
        _pending.Add(sku, write);
        return write;
    }

    public Task<IReadOnlyList<string>> GetSkus() => Task.FromResult<IReadOnlyList<string>>(_index.ToList());

    public Task<IReadOnlyList<string>> GetSkusAfter(string? after, int count) =>
        Task.FromResult<IReadOnlyList<string>>(_index.After(after, Math.Clamp(count, 0, MaxPage)));

    /// <summary>
    /// One group write. A batch queued behind a failed write is never written (GroupCommit fails it):
    /// its skus stay pending, so a repeated Add gets the same failure until this activation is gone.
    /// </summary>
    private async Task Write()
    {
        var batch = _batch;
        _batch = [];
        try
        {
            await _pages.Append(batch);
            if (_state.State.PageCount != _pages.Count)
            {
                // Only when a page was started: a hint for the next activation's parallel read.
                _state.State.PageCount = _pages.Count;
                await _state.WriteStateAsync();
            }

            foreach (var sku in batch)
            {
                _index.Add(sku);
            }
        }
        catch
        {
            // Some pages may hold part of the batch, and a failed page write discarded only the page's
            // activation: what this one knows of the pages no longer matches storage. Its callers get the
            // failure (and retry: Add is idempotent); the next activation reads what is stored.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            foreach (var sku in batch)
            {
                _pending.Remove(sku);
            }
        }
    }
}
