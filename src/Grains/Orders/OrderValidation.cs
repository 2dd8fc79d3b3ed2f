using System.Security.Cryptography;
using System.Text;
using Shop.Inventory;
using Shop.Orders;

namespace Shop.Grains.Orders;

/// <summary>The order grain's own checks: it does not trust its callers to have validated.</summary>
internal static class OrderValidation
{
    public static string? FindError(PlaceOrder request)
    {
        if (request.UserId == Guid.Empty)
        {
            return "The order has no user.";
        }

        if (request.Items is not { Count: > 0 and <= OrderRules.MaxLines })
        {
            return $"An order has 1 to {OrderRules.MaxLines} lines.";
        }

        foreach (var line in request.Items)
        {
            if (!Sku.IsValid(line.Sku))
            {
                return $"'{line.Sku}' is not a valid sku.";
            }

            if (line.Quantity is < OrderRules.MinQuantity or > OrderRules.MaxQuantity)
            {
                return $"Quantity of '{line.Sku}' must be {OrderRules.MinQuantity} to {OrderRules.MaxQuantity}.";
            }
        }

        var duplicate = request.Items.GroupBy(l => l.Sku, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"Sku '{duplicate.Key}' appears on more than one line.";
    }

    /// <summary>Identifies "the same body" for Idempotency-Key: the lines in the order given.</summary>
    public static string Fingerprint(PlaceOrder request)
    {
        var canonical = string.Join('\n', request.Items.Select(l => $"{l.Sku}\t{l.Quantity}"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
