using Npgsql;
using Shop.Bench.Hosting;

namespace Shop.Bench.Chaos.Partition;

/// <summary>One row of Orleans' membership table: a silo incarnation (port and generation) and its status.</summary>
public sealed record MembershipRow(int Port, int Generation, int Status, string? SuspectTimes = null)
{
    /// <summary>Orleans' SiloStatus.Dead.</summary>
    public const int Dead = 6;

    /// <summary>Orleans' SiloStatus.Active.</summary>
    public const int Active = 3;

    public bool IsDead => Status == Dead;

    /// <summary>The cluster's membership as the table holds it (the run's throwaway server holds one cluster).</summary>
    public static async Task<IReadOnlyList<MembershipRow>> Read(ShopSystem system, CancellationToken cancellation = default)
    {
        // Unpooled: a pooled connection from before the PostgreSQL outage is dead after it.
        var unpooled = new NpgsqlConnectionStringBuilder(system.ConnectionString(Shop.Silo.Hosting.ShopDatabases.ClusterName)) { Pooling = false };
        await using var connection = new NpgsqlConnection(unpooled.ConnectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand("SELECT port, generation, status, suspect_times FROM orleans_membership", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var rows = new List<MembershipRow>();
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(new MembershipRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return rows;
    }

    /// <summary>The newest incarnation on <paramref name="port"/>, if any.</summary>
    public static MembershipRow? Newest(IEnumerable<MembershipRow> rows, int port) =>
        rows.Where(r => r.Port == port).MaxBy(r => r.Generation);
}
