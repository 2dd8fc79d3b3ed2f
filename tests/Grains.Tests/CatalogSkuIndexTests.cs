using Shop.Grains.Inventory;

namespace Shop.Grains.Tests;

/// <summary>
/// The catalog's in-memory sku index (<see cref="SortedSkuIndex"/>) against a SortedSet, with chunks
/// small enough that every operation crosses chunk boundaries and splits.
/// </summary>
public sealed class CatalogSkuIndexTests
{
    [Fact]
    public void Skus_added_in_random_order_with_duplicates_page_after_any_cursor_as_a_sorted_set_does()
    {
        var random = new Random(14);
        var index = new SortedSkuIndex(chunkSize: 4);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 3000; i++)
        {
            // A small alphabet, so that duplicates and neighbours that differ in case both occur.
            var sku = new string([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => "aAbB0-"[random.Next(6)])]);
            Assert.Equal(expected.Add(sku), index.Add(sku));
        }

        Assert.Equal(expected.Count, index.Count);
        Assert.Equal(expected, index.ToList());
        Assert.All(expected, sku => Assert.True(index.Contains(sku)));
        Assert.False(index.Contains("zzzz"));
        foreach (var cursor in expected.Concat(["", "0", "a0", "~", "-"]).Concat(Enumerable.Range(0, 200).Select(i => $"{(char)('0' + i % 80)}")))
        {
            var count = random.Next(0, 12);
            Assert.Equal(expected.Where(s => string.CompareOrdinal(s, cursor) > 0).Take(count), index.After(cursor, count));
        }

        Assert.Equal(expected.Take(5), index.After(null, 5));
        Assert.Empty(index.After(null, 0));
    }

    [Fact]
    public void Loading_sorts_ordinally_and_drops_duplicates_and_adds_keep_working_after_it()
    {
        var index = new SortedSkuIndex(chunkSize: 2);

        index.Load(["b", "B", "a", "b", "c", "A", "a"]);
        index.Add("Ab");
        index.Add("d");

        Assert.Equal(["A", "Ab", "B", "a", "b", "c", "d"], index.ToList());
        Assert.Equal(7, index.Count);
        Assert.False(index.Add("B"));
        Assert.Equal(["a", "b"], index.After("B", 2));
    }

    [Fact]
    public void An_empty_index_has_no_page_after_any_cursor()
    {
        var index = new SortedSkuIndex();

        Assert.Empty(index.After(null, 10));
        Assert.Empty(index.After("x", 10));
        Assert.False(index.Contains("x"));
        Assert.Empty(index.ToList());
    }
}
