using System.Text.RegularExpressions;

namespace Shop.Inventory;

/// <summary>The sku rule of the HTTP contract: 1-64 characters of [A-Za-z0-9._-].</summary>
public static partial class Sku
{
    public const int MaxLength = 64;

    /// <summary>The rule as the contract states it (JSON Schema / ECMAScript pattern, for the OpenAPI document).</summary>
    public const string Pattern = "^[A-Za-z0-9._-]{1,64}$";

    /// <summary>The rule in words, as validation problems state it.</summary>
    public const string Rule = "A sku is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'.";

    public static bool IsValid(string? sku) => sku is not null && Matcher().IsMatch(sku);

    // \z, not $: "$" also matches before a final newline, which let "KB-001\n" through as a sku.
    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,64}\z")]
    private static partial Regex Matcher();
}
