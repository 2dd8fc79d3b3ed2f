using Npgsql;
using Shop.Bench.Hosting;

namespace Shop.Bench.Scenarios;

/// <summary>
/// Row writes (inserts + updates + deletes) and committed transactions per table, read from
/// PostgreSQL's statistics views of every service database. Backends publish their counters when
/// idle at most every 10 s, so a snapshot first waits that long.
/// </summary>
public static class DatabaseWrites
{
    private static readonly TimeSpan StatisticsFlush = TimeSpan.FromSeconds(11);

    public sealed record Counters(IReadOnlyDictionary<string, long> RowWritesByTable, long Commits);

    public static async Task<Counters> Snapshot(ShopSystem system)
    {
        await Task.Delay(StatisticsFlush);
        var writes = new Dictionary<string, long>(StringComparer.Ordinal);
        long commits = 0;
        foreach (var service in ShopSystem.Databases)
        {
            await using var connection = new NpgsqlConnection(system.ConnectionString(service));
            await connection.OpenAsync();
            await using (var tables = new NpgsqlCommand(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables", connection))
            await using (var reader = await tables.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    writes[$"{service.ToLowerInvariant()}.{reader.GetString(0)}"] = reader.GetInt64(1);
                }
            }

            await using var database = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
            commits += (long)(await database.ExecuteScalarAsync())!;
        }

        return new Counters(writes, commits);
    }

    /// <summary>
    /// Row writes per confirmed order in total and per table, and transactions (reads included) per
    /// confirmed order. Writes that come later (an order's reminder is deleted a reconcile period
    /// after it settles) are not in the window.
    /// </summary>
    public static IReadOnlyDictionary<string, double> PerConfirmedOrder(Counters before, Counters after, long confirmed)
    {
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        if (confirmed == 0)
        {
            return figures;
        }

        long total = 0;
        foreach (var (table, count) in after.RowWritesByTable.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var delta = count - before.RowWritesByTable.GetValueOrDefault(table);
            total += delta;
            if (delta > 0)
            {
                figures[$"rowWritesPerOrder.{table}"] = Math.Round((double)delta / confirmed, 2);
            }
        }

        figures["rowWritesPerOrder"] = Math.Round((double)total / confirmed, 2);
        figures["transactionsPerOrder"] = Math.Round((double)(after.Commits - before.Commits) / confirmed, 2);
        return figures;
    }
}
