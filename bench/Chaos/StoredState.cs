using Npgsql;
using Shop.Bench.Hosting;

namespace Shop.Bench.Chaos;

/// <summary>What the databases hold: rows of grain state per state name, per service database.</summary>
public static class StoredState
{
    /// <summary>Rows per (database, state name), for example ("Orders", "order").</summary>
    public static async Task<Dictionary<string, long>> RowsByState(ShopSystem system)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var service in ShopSystem.Databases.Where(d => d != Shop.Silo.Hosting.ShopDatabases.ClusterName))
        {
            await using var connection = new NpgsqlConnection(system.ConnectionString(service));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT grain_type, count(*) FROM orleans_grain_state WHERE payload IS NOT NULL GROUP BY grain_type", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows[$"{service.ToLowerInvariant()}.{reader.GetString(0)}"] = reader.GetInt64(1);
            }
        }

        return rows;
    }
}
