using System.Globalization;
using Shop.Orders;

namespace Shop.Grains.Orders;

/// <summary>
/// The hoarding limits of one user (OWASP API6): within a rolling <see cref="Window"/>, their Pending
/// and Confirmed orders may hold at most a number of units of one product and a total value. Counted
/// from the user's order index: the entries it lists (with their lines), and, for orders that left
/// the list while still inside the window, per-hour totals. An hour counts until its last moment is
/// out of the window, so the limits err by at most an hour towards refusing, and the stored record
/// stays bounded (at most the listed orders and 25 hours) however many orders a user places.
/// </summary>
internal sealed class OrderLimits(int maxUnitsPerProduct, decimal maxValue)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>Why <paramref name="lines"/> would take the user past a limit at <paramref name="now"/>, or null.</summary>
    public string? Refusal(UserOrdersState state, DateTimeOffset now, IReadOnlyList<OrderLine> lines)
    {
        var since = now - Window;
        // Only the products of this order can go past the units limit with it.
        var units = new Dictionary<string, long>(StringComparer.Ordinal);
        var value = 0m;
        foreach (var line in lines)
        {
            units[line.Sku] = units.GetValueOrDefault(line.Sku) + line.Quantity;
            value += line.UnitPrice * line.Quantity;
        }

        foreach (var entry in state.Orders)
        {
            if (entry.Void || entry.CreatedAt <= since)
            {
                continue;
            }

            foreach (var line in entry.Lines)
            {
                value += line.UnitPrice * line.Quantity;
                if (units.TryGetValue(line.Sku, out var count))
                {
                    units[line.Sku] = count + line.Quantity;
                }
            }
        }

        // An hour's totals can name every product the user ordered that hour (thousands for a heavy
        // user): look up this order's products in them rather than walking them all, which was the
        // silo's costliest single method in the embedded order flow.
        string[] skus = [.. units.Keys];
        foreach (var hour in state.EarlierHours)
        {
            if (!StillCounts(hour, since))
            {
                continue;
            }

            value += hour.Value;
            foreach (var sku in skus)
            {
                units[sku] += hour.UnitsOf(sku);
            }
        }

        foreach (var (sku, total) in units)
        {
            if (total > maxUnitsPerProduct)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"At most {maxUnitsPerProduct} units of one product can be ordered within 24 hours; with this order you would have ordered {total} of {sku}.");
            }
        }

        return value > maxValue
            ? string.Create(CultureInfo.InvariantCulture,
                $"At most {maxValue:0.00} can be ordered within 24 hours; with this order you would have ordered {value:0.00}.")
            : null;
    }

    /// <summary>
    /// Takes the lines of an entry that leaves the index's list into its hour's totals, if the
    /// limits still count it, and drops the hours that no longer count. A cancellation of such an
    /// order is not subtracted (its lines are gone): it errs towards refusing.
    /// </summary>
    public static void Fold(UserOrdersState state, UserOrderEntry leaving, DateTimeOffset now)
    {
        var since = now - Window;
        state.EarlierHours.RemoveAll(h => !StillCounts(h, since));
        if (leaving.Void || leaving.CreatedAt <= since || leaving.Lines.Count == 0)
        {
            return;
        }

        var created = leaving.CreatedAt.ToUniversalTime();
        var start = new DateTimeOffset(created.Year, created.Month, created.Day, created.Hour, 0, 0, TimeSpan.Zero);
        var hour = state.EarlierHours.Find(h => h.Hour == start);
        if (hour is null)
        {
            hour = new HourlyOrderTotals { Hour = start };
            state.EarlierHours.Add(hour);
        }

        foreach (var line in leaving.Lines)
        {
            hour.Add(line.Sku, line.Quantity);
            hour.Value += line.UnitPrice * line.Quantity;
        }
    }

    /// <summary>An hour counts while any moment of it is inside the window that began at <paramref name="since"/>.</summary>
    private static bool StillCounts(HourlyOrderTotals hour, DateTimeOffset since) => hour.Hour + TimeSpan.FromHours(1) > since;
}
