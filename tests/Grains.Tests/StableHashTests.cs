using Shop.Grains.Orders;
using Shop.Orders;

namespace Shop.Grains.Tests;

/// <summary>
/// The stable hash behind the order partitions and the hoarding limits' stored sku keys: it must never
/// change, or orders would move partition and stored totals would stop counting.
/// </summary>
public sealed class StableHashTests
{
    [Fact]
    public void It_is_FNV_1a_64_as_published_over_bytes_and_over_UTF_16_code_units()
    {
        // The reference test vectors of FNV-1a, 64 bits.
        Assert.Equal(0xcbf29ce484222325UL, StableHash.Fnv1a(ReadOnlySpan<byte>.Empty));
        Assert.Equal(0xaf63dc4c8601ec8cUL, StableHash.Fnv1a("a"u8));
        Assert.Equal(0x85944171f73967e8UL, StableHash.Fnv1a("foobar"u8));
        // Over chars, each code unit is one step: the same as the bytes for ASCII.
        Assert.Equal(0x85944171f73967e8UL, HourlyOrderTotals.SkuHash("foobar"));
    }

    [Fact]
    public void Partitions_and_sku_keys_are_what_the_stored_data_was_written_with()
    {
        // What the two per-use copies of FNV-1a this helper replaced gave (computed independently of it).
        Assert.Equal(0x747a0f673bba35f5UL, HourlyOrderTotals.SkuHash("PRODUCT-0006"));
        Assert.Equal(7, OrderPartitions.Of(Guid.Parse("01a2512d-fe46-786b-a38d-6e5901a5245b"), 8));
    }
}
