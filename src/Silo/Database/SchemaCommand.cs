using Shop.Silo.Hosting;

namespace Shop.Silo.Database;

/// <summary><c>Shop.Silo migrate</c>: creates each configured database if missing and applies its migrations.</summary>
public static class SchemaCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true));
        var logger = loggers.CreateLogger("Shop.Silo.Migrate");
        try
        {
            foreach (var (connectionString, roles) in ShopDatabases.From(configuration).Databases())
            {
                await SchemaMigrator.CreateDatabaseIfMissingAsync(connectionString, logger);
                var applied = await SchemaMigrator.MigrateAsync(connectionString, roles, logger);
                logger.LogInformation("{Database} ({Roles}): {Applied}", Describe(connectionString), roles,
                    applied.Count == 0 ? "up to date" : "applied " + string.Join(", ", applied));
            }

            return 0;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Schema migration failed");
            return 1;
        }
    }

    private static string Describe(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
