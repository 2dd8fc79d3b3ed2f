using System.Numerics;

namespace Shop;

/// <summary>
/// FNV-1a, 64 bits: the same in every process and version (unlike <see cref="string.GetHashCode()"/>
/// or <see cref="Guid.GetHashCode"/>), for values that silos must agree on or that are stored.
/// </summary>
public static class StableHash
{
    /// <summary>The hash of <paramref name="units"/>, one unit (a byte, a UTF-16 code unit) at a time.</summary>
    public static ulong Fnv1a<T>(ReadOnlySpan<T> units) where T : unmanaged, IBinaryInteger<T>
    {
        var hash = 14695981039346656037UL;
        foreach (var unit in units)
        {
            hash = (hash ^ ulong.CreateTruncating(unit)) * 1099511628211UL;
        }

        return hash;
    }
}
