using Npgsql;

namespace Shop.Silo.Database;

/// <summary>
/// Applies the project's own PostgreSQL schema (the embedded Database/Migrations/*.sql) to a database,
/// according to the roles it plays. Each migration runs once per database, in its own transaction
/// together with the row that records it, so a failed migration leaves nothing behind and is retried
/// on the next run. Several silos may migrate the same database at once: they take turns on an
/// advisory lock, and whoever comes second finds the work recorded and skips it.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>The migrations, in the order they apply, and the databases that get them.</summary>
    private static readonly Migration[] Migrations =
    [
        new("0001_orleans_query", DatabaseRole.Cluster | DatabaseRole.Storage),
        new("0002_membership", DatabaseRole.Cluster),
        new("0003_reminders", DatabaseRole.Cluster),
        new("0004_grain_storage", DatabaseRole.Storage),
    ];

    /// <summary>
    /// Key (an arbitrary constant) of the transaction-scoped advisory lock that serialises migrators.
    /// Advisory locks are per database, so migrators of different databases on one server do not
    /// wait for each other.
    /// </summary>
    private const long MigrationLockKey = 0x5_0000_5140;

    private const string CreateMigrationsTable = """
        CREATE TABLE IF NOT EXISTS shop_schema_migrations
        (
            id         text        PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>
    /// Applies, in order, the migrations for <paramref name="roles"/> that the database has not had
    /// yet. Returns the ids applied by this call (empty when the database was up to date).
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(
        string connectionString, DatabaseRole roles, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(logger);
        if ((roles & (DatabaseRole.Cluster | DatabaseRole.Storage)) == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(roles), roles, "A database needs at least one role.");
        }

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var applied = new List<string>();
        foreach (var migration in Migrations.Where(m => (m.Roles & roles) != 0))
        {
            if (await ApplyOnceAsync(connection, migration, cancellationToken))
            {
                applied.Add(migration.Id);
                logger.LogInformation("Applied schema migration {Migration} to database {Database}.", migration.Id, connection.Database);
            }
        }

        if (applied.Count == 0)
        {
            logger.LogDebug("Database {Database} is up to date ({Roles}).", connection.Database, roles);
        }

        return applied;
    }

    /// <summary>
    /// Creates the database named in <paramref name="connectionString"/> when it does not exist, by
    /// connecting to the server's "postgres" maintenance database (the target cannot be connected to
    /// before it exists). Harmless when it exists, also when another process creates it meanwhile.
    /// </summary>
    public static async Task CreateDatabaseIfMissingAsync(
        string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var database = target.Database;
        if (string.IsNullOrEmpty(database))
        {
            throw new ArgumentException("The connection string names no database.", nameof(connectionString));
        }

        // Same server and credentials; no pooling, so no idle connection to "postgres" lingers.
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT FROM pg_database WHERE datname = @name)", connection))
        {
            exists.Parameters.AddWithValue("name", database);
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }
        }

        // CREATE DATABASE takes no parameters: the name goes in as a quoted identifier.
        await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Created database {Database}.", database);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another silo created it between our check and our CREATE (depending on the timing
            // PostgreSQL reports duplicate_database or a unique violation on pg_database).
            logger.LogDebug("Database {Database} was created concurrently.", database);
        }
    }

    /// <summary>"my""db" style quoting: any name, including quotes, becomes one identifier.</summary>
    internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Applies one migration unless it is recorded; true when it was applied now.</summary>
    private static async Task<bool> ApplyOnceAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Held until commit or rollback: the check, the migration and its record are one step for
        // every other migrator of this database. Creating the bookkeeping table under the lock too
        // avoids the error concurrent CREATE TABLE IF NOT EXISTS statements can raise.
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MigrationLockKey));
        await ExecuteAsync(connection, CreateMigrationsTable, cancellationToken);

        await using (var recorded = new NpgsqlCommand("SELECT EXISTS (SELECT FROM shop_schema_migrations WHERE id = @id)", connection))
        {
            recorded.Parameters.AddWithValue("id", migration.Id);
            if ((bool)(await recorded.ExecuteScalarAsync(cancellationToken))!)
            {
                await transaction.CommitAsync(cancellationToken);
                return false;
            }
        }

        await ExecuteAsync(connection, await migration.ReadSqlAsync(cancellationToken), cancellationToken);
        await ExecuteAsync(connection, "INSERT INTO shop_schema_migrations (id) VALUES (@id)", cancellationToken, ("id", migration.Id));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Migration(string Id, DatabaseRole Roles)
    {
        /// <summary>Embedded from Database/Migrations/{Id}.sql (see Silo.csproj).</summary>
        public string ResourceName => $"Shop.Silo.Database.Migrations.{Id}.sql";

        public async Task<string> ReadSqlAsync(CancellationToken cancellationToken)
        {
            await using var stream = typeof(SchemaMigrator).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"Embedded migration {ResourceName} not found.");
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync(cancellationToken);
        }
    }
}
