using Shop.Grains;
using Shop.Silo.Database;

namespace Shop.Silo.Hosting;

/// <summary>
/// The connection strings of durable mode: "Cluster" (membership and reminders) and one per service
/// ("Users", "Inventory", "Orders", "Notifications", "Analytics"): each service has its own database.
/// Locally they may all live on one server; nothing stops two names from sharing one database.
/// Each connection string gets a bounded pool (<see cref="DefaultMaxPoolSize"/>) unless it sets
/// "Maximum Pool Size" itself: with Npgsql's default of 100 per string, one busy silo opened more
/// connections than PostgreSQL's default max_connections and every write failed (seen in the
/// benchmark: "53300: sorry, too many clients already").
/// </summary>
public sealed class ShopDatabases
{
    public const string ClusterName = "Cluster";

    /// <summary>Connections per database per silo: six databases, so at most 60 per silo.</summary>
    public const int DefaultMaxPoolSize = 10;

    private readonly Dictionary<string, string> _services;

    private ShopDatabases(string cluster, Dictionary<string, string> services)
    {
        Cluster = cluster;
        _services = services;
    }

    public string Cluster { get; }

    /// <summary>The connection string of a storage name ("users" -> ConnectionStrings:Users).</summary>
    public string ForStorage(string storageName) => _services[storageName];

    /// <summary>Every distinct database with the roles it plays, for schema migration.</summary>
    public IReadOnlyList<(string ConnectionString, DatabaseRole Roles)> Databases() =>
        _services.Values.Select(cs => (cs, DatabaseRole.Storage))
            .Append((Cluster, DatabaseRole.Cluster))
            .GroupBy(x => x.Item1, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Aggregate((DatabaseRole)0, (roles, x) => roles | x.Item2)))
            .ToArray();

    public static ShopDatabases From(IConfiguration configuration)
    {
        var missing = new List<string>();
        string Read(string name)
        {
            var value = configuration.GetConnectionString(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                missing.Add($"ConnectionStrings:{name}");
            }

            return string.IsNullOrWhiteSpace(value) ? "" : Bounded(value);
        }

        var cluster = Read(ClusterName);
        var services = StorageNames.All.ToDictionary(n => n, n => Read(ConnectionStringName(n)), StringComparer.Ordinal);
        return missing.Count == 0
            ? new ShopDatabases(cluster, services)
            : throw new InvalidOperationException($"Durable mode needs these connection strings: {string.Join(", ", missing)}.");
    }

    private static string Bounded(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!System.Text.RegularExpressions.Regex.IsMatch(connectionString, @"(?i)\bmax(imum)?\s*pool\s*size\s*="))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>"users" -> "Users".</summary>
    public static string ConnectionStringName(string storageName) => char.ToUpperInvariant(storageName[0]) + storageName[1..];
}
