using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shop.Integration.Tests.Postgres;
using Shop.Silo.Database;

namespace Shop.Integration.Tests.Schema;

/// <summary>
/// The schema migrator on real PostgreSQL databases: what each role gets, idempotence, concurrent
/// migrators, and database creation. That the SQL fits the Orleans providers is proven in
/// <see cref="ProviderContractTests"/>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaMigrationTests(PostgresFixture postgres)
{
    private static readonly string[] AllMigrations = ["0001_orleans_query", "0002_membership", "0003_reminders", "0004_grain_storage"];

    /// <summary>Every named query the clustering provider loads (CleanupDefunctSiloEntryKey is optional but used when present).</summary>
    private static readonly string[] MembershipKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
    ];

    private static readonly string[] ReminderKeys =
    [
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey",
    ];

    /// <summary>DeleteStorageKey is optional: needed only with DeleteStateOnClear = true.</summary>
    private static readonly string[] StorageKeys = ["ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey"];

    [Fact]
    public async Task A_cluster_database_gets_membership_and_reminders_and_every_query_their_providers_need()
    {
        var connectionString = await postgres.NewDatabaseAsync("cluster");

        var applied = await SchemaMigrator.MigrateAsync(connectionString, DatabaseRole.Cluster, NullLogger.Instance);

        Assert.Equal(["0001_orleans_query", "0002_membership", "0003_reminders"], applied);
        Assert.Equal(Sorted([.. MembershipKeys, .. ReminderKeys]), await QueryKeysAsync(connectionString));
        Assert.Equal(
            ["orleans_membership", "orleans_membership_version", "orleans_reminders", "orleansquery", "shop_schema_migrations"],
            await TablesAsync(connectionString));
    }

    [Fact]
    public async Task A_storage_database_gets_grain_state_only()
    {
        var connectionString = await postgres.NewDatabaseAsync("storage");

        var applied = await SchemaMigrator.MigrateAsync(connectionString, DatabaseRole.Storage, NullLogger.Instance);

        Assert.Equal(["0001_orleans_query", "0004_grain_storage"], applied);
        Assert.Equal(StorageKeys, await QueryKeysAsync(connectionString));
        Assert.Equal(["orleans_grain_state", "orleansquery", "shop_schema_migrations"], await TablesAsync(connectionString));
    }

    [Fact]
    public async Task A_database_with_both_roles_gets_everything_and_a_second_run_applies_and_changes_nothing()
    {
        var connectionString = await postgres.NewDatabaseAsync("both");
        const DatabaseRole both = DatabaseRole.Cluster | DatabaseRole.Storage;

        Assert.Equal(AllMigrations, await SchemaMigrator.MigrateAsync(connectionString, both, NullLogger.Instance));
        Assert.Equal(Sorted([.. MembershipKeys, .. ReminderKeys, .. StorageKeys]), await QueryKeysAsync(connectionString));
        var before = await SnapshotAsync(connectionString);

        Assert.Empty(await SchemaMigrator.MigrateAsync(connectionString, both, NullLogger.Instance));
        Assert.Empty(await SchemaMigrator.MigrateAsync(connectionString, DatabaseRole.Cluster, NullLogger.Instance));

        Assert.Equal(before, await SnapshotAsync(connectionString));
    }

    [Fact]
    public async Task A_database_that_gains_a_role_gets_only_the_missing_migrations()
    {
        var connectionString = await postgres.NewDatabaseAsync("gains");
        await SchemaMigrator.MigrateAsync(connectionString, DatabaseRole.Storage, NullLogger.Instance);

        var applied = await SchemaMigrator.MigrateAsync(connectionString, DatabaseRole.Cluster | DatabaseRole.Storage, NullLogger.Instance);

        Assert.Equal(["0002_membership", "0003_reminders"], applied);
        Assert.Equal(AllMigrations, await ScalarsAsync<string>(connectionString, "SELECT id FROM shop_schema_migrations ORDER BY id"));
    }

    [Fact]
    public async Task Three_concurrent_migrators_all_succeed_and_apply_each_migration_once()
    {
        var connectionString = await postgres.NewDatabaseAsync("race");
        const DatabaseRole both = DatabaseRole.Cluster | DatabaseRole.Storage;

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => SchemaMigrator.MigrateAsync(connectionString, both, NullLogger.Instance))));

        Assert.Equal(AllMigrations, runs.SelectMany(applied => applied).Order(StringComparer.Ordinal));
        Assert.Equal(AllMigrations, await ScalarsAsync<string>(connectionString, "SELECT id FROM shop_schema_migrations ORDER BY id"));
        Assert.Equal(Sorted([.. MembershipKeys, .. ReminderKeys, .. StorageKeys]), await QueryKeysAsync(connectionString));
    }

    [Fact]
    public async Task CreateDatabaseIfMissing_creates_a_missing_database_and_is_harmless_when_it_exists()
    {
        postgres.RequirePostgres();
        // A quote and a space in the name: the identifier must be quoted, not pasted.
        var name = $"new \"db\" {Guid.NewGuid():N}";
        var connectionString = postgres.Server.ConnectionString(name);
        Assert.Equal(0, await DatabaseCountAsync(name));

        await SchemaMigrator.CreateDatabaseIfMissingAsync(connectionString, NullLogger.Instance);
        await SchemaMigrator.CreateDatabaseIfMissingAsync(connectionString, NullLogger.Instance);

        Assert.Equal(1, await DatabaseCountAsync(name));
        Assert.Equal(["0001_orleans_query", "0004_grain_storage"], await SchemaMigrator.MigrateAsync(connectionString, DatabaseRole.Storage, NullLogger.Instance));
    }

    [Fact]
    public async Task Concurrent_CreateDatabaseIfMissing_calls_all_succeed()
    {
        postgres.RequirePostgres();
        var name = $"race_{Guid.NewGuid():N}";
        var connectionString = postgres.Server.ConnectionString(name);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => SchemaMigrator.CreateDatabaseIfMissingAsync(connectionString, NullLogger.Instance))));

        Assert.Equal(1, await DatabaseCountAsync(name));
    }

    private static string[] Sorted(string[] keys) => [.. keys.Order(StringComparer.Ordinal)];

    private static Task<List<string>> QueryKeysAsync(string connectionString) =>
        ScalarsAsync<string>(connectionString, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"");

    private static Task<List<string>> TablesAsync(string connectionString) =>
        ScalarsAsync<string>(connectionString,
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name::text COLLATE \"C\"");

    /// <summary>Everything a re-run could touch: the query texts, the tables' columns, the migration records.</summary>
    private static async Task<List<string>> SnapshotAsync(string connectionString) =>
    [
        .. await ScalarsAsync<string>(connectionString, "SELECT QueryKey || '=' || QueryText FROM OrleansQuery ORDER BY QueryKey"),
        .. await ScalarsAsync<string>(connectionString,
            "SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns " +
            "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"),
        .. await ScalarsAsync<string>(connectionString, "SELECT id || '@' || applied_at::text FROM shop_schema_migrations ORDER BY id"),
    ];

    private async Task<long> DatabaseCountAsync(string name)
    {
        await using var connection = new NpgsqlConnection(postgres.Server.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task<List<T>> ScalarsAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
