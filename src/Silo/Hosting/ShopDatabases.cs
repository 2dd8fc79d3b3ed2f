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
/// benchmark: "53300: sorry, too many clients already"). And each gets "No Reset On Close" unless it
/// sets it: Npgsql otherwise resets every connection returned to its pool with DISCARD ALL, a
/// transaction of its own in front of the next statement, which doubled the database's transactions
/// per confirmed order. The Orleans providers leave no session state behind to reset (no SET, no
/// temporary tables, no session-level locks; the migrator's lock is transaction-scoped).
/// </summary>
public sealed class ShopDatabases
{
    public const string ClusterName = "Cluster";

    /// <summary>
    /// Every connection string of durable mode, by name (ConnectionStrings:NAME): written here once.
    /// run.sh, docker-compose.yml and k8s/ name them too; TopologyTests fails when they name one the
    /// code does not, or miss one. The bench and the tests take them from here.
    /// </summary>
    public static readonly IReadOnlyList<string> Names = [ClusterName, .. StorageNames.All.Select(ConnectionStringName)];

    /// <summary>The database a name gets where the shop creates its own (run.sh, the bench, compose, the dev overlay): "Users" -> shop_users.</summary>
    public static string DefaultDatabaseName(string name) => $"shop_{name.ToLowerInvariant()}";

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

        if (!System.Text.RegularExpressions.Regex.IsMatch(connectionString, @"(?i)\bno\s*reset\s*on\s*close\s*="))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>"users" -> "Users".</summary>
    public static string ConnectionStringName(string storageName) => char.ToUpperInvariant(storageName[0]) + storageName[1..];
}
