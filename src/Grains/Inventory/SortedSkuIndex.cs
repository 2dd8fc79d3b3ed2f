namespace Shop.Grains.Inventory;

/// <summary>
/// A set of skus in ordinal order, in memory, as a list of sorted chunks (at most 2 × chunk size
/// each, in order): adding binary-searches the chunk and inserts into it, so it costs O(log n + chunk)
/// plus, once every chunk size adds, the split of a chunk (one entry inserted into the list of n / chunk
/// chunks), whatever order the skus come in. A single sorted list moves half the index on a random
/// insert (quadratic over a catalog), and a view of a SortedSet counts everything after its lower
/// bound. A page after a cursor costs O(log n + page) wherever it starts. Not thread-safe: the catalog
/// grain's turns use it one at a time.
/// </summary>
public sealed class SortedSkuIndex
{
    public const int DefaultChunkSize = 512;

    private readonly int _chunkSize;
    private readonly List<List<string>> _chunks = [];

    public SortedSkuIndex(int chunkSize = DefaultChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        _chunkSize = chunkSize;
    }

    public int Count { get; private set; }

    public bool Contains(string sku)
    {
        var chunk = ChunkFor(sku);
        return chunk < _chunks.Count && _chunks[chunk].BinarySearch(sku, StringComparer.Ordinal) >= 0;
    }

    /// <summary>False when the sku is already in the index.</summary>
    public bool Add(string sku)
    {
        if (_chunks.Count == 0)
        {
            _chunks.Add([sku]);
            Count = 1;
            return true;
        }

        // After every chunk's last sku: it goes at the end of the last chunk.
        var index = Math.Min(ChunkFor(sku), _chunks.Count - 1);
        var chunk = _chunks[index];
        var at = chunk.BinarySearch(sku, StringComparer.Ordinal);
        if (at >= 0)
        {
            return false;
        }

        chunk.Insert(~at, sku);
        Count++;
        if (chunk.Count > 2 * _chunkSize)
        {
            var upper = chunk.GetRange(_chunkSize, chunk.Count - _chunkSize);
            chunk.RemoveRange(_chunkSize, chunk.Count - _chunkSize);
            _chunks.Insert(index + 1, upper);
        }

        return true;
    }

    /// <summary>Replaces the content with <paramref name="skus"/> (any order, duplicates allowed): one sort instead of n adds.</summary>
    public void Load(IEnumerable<string> skus)
    {
        var all = skus.ToArray();
        Array.Sort(all, StringComparer.Ordinal);
        _chunks.Clear();
        Count = 0;
        List<string>? chunk = null;
        foreach (var sku in all)
        {
            if (chunk is not null && string.Equals(chunk[^1], sku, StringComparison.Ordinal))
            {
                continue;
            }

            if (chunk is null || chunk.Count == _chunkSize)
            {
                chunk = new List<string>(_chunkSize);
                _chunks.Add(chunk);
            }

            chunk.Add(sku);
            Count++;
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> skus that sort after <paramref name="cursor"/> (which need not be
    /// in the index), or from the first one when it is null.
    /// </summary>
    public List<string> After(string? cursor, int count)
    {
        var page = new List<string>(Math.Clamp(count, 0, Count));
        var index = 0;
        var at = 0;
        if (cursor is not null)
        {
            index = ChunkFor(cursor);
            if (index == _chunks.Count)
            {
                return page;
            }

            var found = _chunks[index].BinarySearch(cursor, StringComparer.Ordinal);
            at = found >= 0 ? found + 1 : ~found;
        }

        for (; index < _chunks.Count && page.Count < count; index++, at = 0)
        {
            var chunk = _chunks[index];
            var take = Math.Min(count - page.Count, chunk.Count - at);
            for (var i = at; i < at + take; i++)
            {
                page.Add(chunk[i]);
            }
        }

        return page;
    }

    public List<string> ToList()
    {
        var all = new List<string>(Count);
        foreach (var chunk in _chunks)
        {
            all.AddRange(chunk);
        }

        return all;
    }

    /// <summary>The first chunk whose last sku is not before <paramref name="sku"/>; the chunk count when there is none.</summary>
    private int ChunkFor(string sku)
    {
        int low = 0, high = _chunks.Count;
        while (low < high)
        {
            var middle = low + (high - low) / 2;
            if (string.CompareOrdinal(_chunks[middle][^1], sku) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
