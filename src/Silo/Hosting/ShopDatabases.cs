using Shop.Grains;
using Shop.Silo.Database;

namespace Shop.Silo.Hosting;

/// <summary>
/// The connection strings of durable mode: "Cluster" (membership and reminders) and one per service
/// ("Users", "Inventory", "Orders", "Notifications", "Analytics"): each service has its own database.
/// Locally they may all live on one server; nothing stops two names from sharing one database.
/// </summary>
public sealed class ShopDatabases
{
    public const string ClusterName = "Cluster";

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

            return value ?? "";
        }

        var cluster = Read(ClusterName);
        var services = StorageNames.All.ToDictionary(n => n, n => Read(ConnectionStringName(n)), StringComparer.Ordinal);
        return missing.Count == 0
            ? new ShopDatabases(cluster, services)
            : throw new InvalidOperationException($"Durable mode needs these connection strings: {string.Join(", ", missing)}.");
    }

    /// <summary>"users" -> "Users".</summary>
    public static string ConnectionStringName(string storageName) => char.ToUpperInvariant(storageName[0]) + storageName[1..];
}
