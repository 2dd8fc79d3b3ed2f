using System.Text.RegularExpressions;

namespace Shop.Inventory;

/// <summary>The sku rule of the HTTP contract: 1-64 characters of [A-Za-z0-9._-].</summary>
public static partial class Sku
{
    public static bool IsValid(string? sku) => sku is not null && Pattern().IsMatch(sku);

    // \z, not $: "$" also matches before a final newline, which let "KB-001\n" through as a sku.
    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex Pattern();
}
