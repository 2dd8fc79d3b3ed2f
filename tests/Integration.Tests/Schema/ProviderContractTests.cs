using System.Data;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Shop.Integration.Tests.Postgres;
using Shop.Silo.Database;

namespace Shop.Integration.Tests.Schema;

/// <summary>
/// Proves the schema against the REAL Orleans ADO.NET providers (clustering, grain storage,
/// reminders) running in a real silo on 127.0.0.1: if a query text, a parameter or a result column
/// does not match what the provider expects, these tests fail. One silo (and database) is shared by
/// the tests of this class to keep them fast; each test uses its own grains, reminders and rows.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProviderContractTests(PostgresFixture postgres, ContractSiloFixture fixture) : IClassFixture<ContractSiloFixture>
{
    private const string StateName = "contract";

    [Fact]
    public async Task The_silo_starts_and_its_row_is_Active_in_the_membership_table()
    {
        var silo = await fixture.GetAsync(postgres);
        var self = silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

        var status = await Eventually.Until(
            () => MembershipStatusAsync(silo.ConnectionString, silo.ClusterId, self),
            s => s == (int)SiloStatus.Active,
            "the silo's own row to be Active");

        Assert.Equal((int)SiloStatus.Active, status);
    }

    [Fact]
    public async Task The_membership_table_compares_and_swaps_the_version_and_cleans_up_defunct_silos()
    {
        var silo = await fixture.GetAsync(postgres);
        var table = silo.Services.GetRequiredService<IMembershipTable>();
        var now = DateTime.UtcNow;
        var cutoff = now.AddMinutes(-10);
        var old = now.AddHours(-1);
        var defunct = DeadEntry(port: 1, old);
        var recentlyDead = DeadEntry(port: 2, old);

        // A write with a stale table version is refused; with the current one it succeeds (retried
        // only in case the silo itself wrote in between). The silo's own join already bumped the
        // version past 1, so the stale etag is a valid number and the refusal comes from the SQL.
        var before = await table.ReadAllAsync();
        Assert.True(before.Version.Version >= 2);
        var stale = new TableVersion(before.Version.Version - 1, (before.Version.Version - 1).ToString());
        Assert.False(await table.InsertRowAsync(defunct, stale));
        await InsertAsync(table, defunct);
        await InsertAsync(table, recentlyDead);
        Assert.False(await table.InsertRowAsync(defunct, (await table.ReadAllAsync()).Version.Next()));

        var read = await table.ReadRowAsync(defunct.SiloAddress);
        var (entry, etag) = Assert.Single(read.Members);
        Assert.Equal((defunct.SiloAddress, SiloStatus.Dead, defunct.SiloName, defunct.HostName),
            (entry.SiloAddress, entry.Status, entry.SiloName, entry.HostName));
        Assert.Equal(old, entry.StartTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(read.Version.VersionEtag, etag);

        // Suspicion votes: an old one on the defunct silo, a recent one on the other dead silo.
        // UpdateRow is a compare-and-swap too: a stale etag is refused.
        await UpdateAsync(table, defunct.SiloAddress, e => e.SuspectTimes = [Tuple.Create(SiloAddress.New(IPAddress.Loopback, 9, 9), old)]);
        await UpdateAsync(table, recentlyDead.SiloAddress, e => e.SuspectTimes = [Tuple.Create(SiloAddress.New(IPAddress.Loopback, 9, 9), now)]);
        var current = await table.ReadAllAsync();
        var staleEntry = current.Members.Single(m => m.Item1.SiloAddress.Equals(defunct.SiloAddress)).Item1;
        Assert.False(await table.UpdateRowAsync(staleEntry, stale.VersionEtag, stale.Next()));
        Assert.Single(Assert.Single((await table.ReadRowAsync(recentlyDead.SiloAddress)).Members).Item1.SuspectTimes!);

        // Heartbeats never move IAmAliveTime backwards.
        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = defunct.SiloAddress, IAmAliveTime = old.AddMinutes(-30) });
        var alive = Assert.Single((await table.ReadRowAsync(defunct.SiloAddress)).Members).Item1.IAmAliveTime;
        Assert.Equal(old, alive, TimeSpan.FromMilliseconds(1));

        await table.CleanupDefunctSiloEntriesAsync(cutoff);

        var remaining = (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress).ToList();
        Assert.DoesNotContain(defunct.SiloAddress, remaining);
        Assert.Contains(recentlyDead.SiloAddress, remaining);
        Assert.Contains(silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress, remaining);
    }

    [Fact]
    public async Task The_bulk_cleanup_query_removes_only_dead_rows_older_than_the_cutoff_and_a_cluster_can_be_deleted()
    {
        // Orleans 10.4.2 prefers CleanupDefunctSiloEntryKey, so the provider never runs this required
        // fallback query: run it here exactly as the provider would (named parameters, UTC DateTime).
        var silo = await fixture.GetAsync(postgres);
        var clusterId = $"bulk-{Guid.NewGuid():N}";
        var now = DateTime.UtcNow;
        var cutoff = now.AddMinutes(-10);
        var old = now.AddHours(-1);
        string Vote(DateTime at) => $"{SiloAddress.New(IPAddress.Loopback, 9, 9).ToParsableString()},{LogFormatter.PrintDate(at)}";
        await ExecuteAsync(silo.ConnectionString, "INSERT INTO orleans_membership_version (deployment_id) VALUES (@c)", ("c", clusterId));
        var rows = new (int Port, SiloStatus Status, DateTime Start, DateTime Alive, string? Votes, bool Removed)[]
        {
            (1, SiloStatus.Dead, old, old, null, true),
            (2, SiloStatus.Dead, old, old, "", true),
            (3, SiloStatus.Dead, old, old, Vote(old) + "|" + Vote(old.AddMinutes(1)), true),
            (4, SiloStatus.Dead, old, old, Vote(old) + "|" + Vote(now), false),  // a recent vote
            (5, SiloStatus.Dead, old, now, null, false),                          // a recent heartbeat
            (6, SiloStatus.Dead, now, old, null, false),                          // a recent start
            (7, SiloStatus.Active, old, old, null, false),                        // not dead
        };
        foreach (var row in rows)
        {
            await ExecuteAsync(silo.ConnectionString, """
                INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                                proxy_port, suspect_times, start_time, i_am_alive_time)
                VALUES (@c, '127.0.0.1', @port, 1, 'silo', 'host', @status, 0, @votes, @start, @alive)
                """,
                ("c", clusterId), ("port", row.Port), ("status", (int)row.Status), ("votes", (object?)row.Votes ?? DBNull.Value),
                ("start", row.Start), ("alive", row.Alive));
        }

        var query = Assert.Single(await SchemaMigrationTests.ScalarsAsync<string>(
            silo.ConnectionString, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'CleanupDefunctSiloEntriesKey'"));
        await ExecuteAsync(silo.ConnectionString, query, ("DeploymentId", clusterId), ("IAmAliveTime", cutoff));

        var ports = await SchemaMigrationTests.ScalarsAsync<int>(silo.ConnectionString,
            $"SELECT port FROM orleans_membership WHERE deployment_id = '{clusterId}' ORDER BY port");
        Assert.Equal(rows.Where(r => !r.Removed).Select(r => r.Port), ports);

        // DeleteMembershipTableEntries takes the cluster id: remove this test cluster, rows and version.
        await silo.Services.GetRequiredService<IMembershipTable>().DeleteMembershipTableEntriesAsync(clusterId);
        Assert.Empty(await SchemaMigrationTests.ScalarsAsync<string>(silo.ConnectionString,
            $"SELECT deployment_id FROM orleans_membership_version WHERE deployment_id = '{clusterId}' " +
            $"UNION ALL SELECT deployment_id FROM orleans_membership WHERE deployment_id = '{clusterId}'"));
    }

    [Fact]
    public async Task Grain_storage_round_trips_rejects_stale_etags_and_clears()
    {
        var silo = await fixture.GetAsync(postgres);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(ContractSiloFixture.Storage);
        var grainId = GrainId.Create("contract-state", $"cart-{Guid.NewGuid():N}");

        var state = new GrainState<ContractState>(new ContractState { Name = "first", Items = ["a", "b"] });
        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.False(string.IsNullOrEmpty(state.ETag));
        Assert.True(state.RecordExists);

        var read = await ReadAsync(storage, grainId);
        Assert.Equal("first", read.State.Name);
        Assert.Equal(["a", "b"], read.State.Items);
        Assert.Equal(state.ETag, read.ETag);

        // Stored with Orleans' binary serializer, not the default JSON one.
        var payload = Assert.Single(await SchemaMigrationTests.ScalarsAsync<byte[]>(silo.ConnectionString,
            $"SELECT payload FROM orleans_grain_state WHERE grain_id_extension = '{grainId.Key}'"));
        Assert.NotEqual((byte)'{', payload[0]);
        Assert.Equal("first", silo.Services.GetRequiredService<Serializer>().Deserialize<ContractState>(payload)?.Name);

        // Optimistic concurrency: a copy holding an older etag, or one that believes nothing is
        // stored (a second activation), cannot overwrite the state.
        var outdated = new GrainState<ContractState>(new ContractState { Name = "outdated" }, read.ETag);
        Required(state.State).Name = "second";
        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.NotEqual(read.ETag, state.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, outdated));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, grainId, new GrainState<ContractState>(new ContractState { Name = "duplicate" })));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, outdated));
        Assert.Equal("second", (await ReadAsync(storage, grainId)).State.Name);

        // Clear: the state reads as default, and the etag sequence goes on.
        var beforeClear = state.ETag;
        await storage.ClearStateAsync(StateName, grainId, state);
        Assert.NotEqual(beforeClear, state.ETag);
        var cleared = await ReadAsync(storage, grainId);
        Assert.Equal(("", state.ETag), (cleared.State.Name, cleared.ETag));
        state.State = new ContractState { Name = "third" };
        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal("third", (await ReadAsync(storage, grainId)).State.Name);
    }

    [Fact]
    public async Task Grain_storage_keeps_integer_keys_with_and_without_extension_apart()
    {
        var silo = await fixture.GetAsync(postgres);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(ContractSiloFixture.Storage);
        var key = Random.Shared.NextInt64(1, long.MaxValue);
        var plain = GrainId.Create(GrainType.Create("contract-int"), GrainIdKeyExtensions.CreateIntegerKey(key));
        var extended = GrainId.Create(GrainType.Create("contract-int"), GrainIdKeyExtensions.CreateIntegerKey(key, "ext"));

        await storage.WriteStateAsync(StateName, plain, new GrainState<ContractState>(new ContractState { Name = "plain" }));
        await storage.WriteStateAsync(StateName, extended, new GrainState<ContractState>(new ContractState { Name = "extended" }));

        Assert.Equal("plain", (await ReadAsync(storage, plain)).State.Name);
        Assert.Equal("extended", (await ReadAsync(storage, extended)).State.Name);
        // No extension is one identity too (NULLS NOT DISTINCT): a second first write conflicts.
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync(StateName, plain, new GrainState<ContractState>(new ContractState { Name = "again" })));
    }

    [Fact]
    public async Task Grain_storage_with_DeleteStateOnClear_deletes_the_row_and_can_write_again()
    {
        var silo = await fixture.GetAsync(postgres);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(ContractSiloFixture.DeletingStorage);
        var grainId = GrainId.Create("contract-delete", $"gone-{Guid.NewGuid():N}");
        var rows = $"SELECT count(*) FROM orleans_grain_state WHERE grain_id_extension = '{grainId.Key}'";

        var state = new GrainState<ContractState>(new ContractState { Name = "doomed" });
        await storage.WriteStateAsync(StateName, grainId, state);
        await storage.ClearStateAsync(StateName, grainId, state);
        Assert.Equal([0L], await SchemaMigrationTests.ScalarsAsync<long>(silo.ConnectionString, rows));

        state.State = new ContractState { Name = "reborn" };
        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal("reborn", (await ReadAsync(storage, grainId)).State.Name);
        Assert.Equal([1L], await SchemaMigrationTests.ScalarsAsync<long>(silo.ConnectionString, rows));
    }

    [Fact]
    public async Task The_reminder_table_upserts_reads_by_grain_and_by_range_and_removes_with_the_current_etag_only()
    {
        var silo = await fixture.GetAsync(postgres);
        var table = silo.Services.GetRequiredService<IReminderTable>();
        // Far in the future: the silo's reminder service must not fire these for grains that do not exist.
        var startAt = DateTime.UtcNow.AddDays(7).Date;
        // One grain whose hash is negative as an int and one whose hash is positive: hashes are stored signed.
        var grains = new[] { GrainWithHash(h => h < 0x7FFF_0000), GrainWithHash(h => h > 0x8001_0000) };

        foreach (var grain in grains)
        {
            var first = Required(await table.UpsertRow(Reminder(grain, "daily", startAt, TimeSpan.FromDays(1))));
            await table.UpsertRow(Reminder(grain, "weekly", startAt, TimeSpan.FromDays(7)));
            // Periods beyond int milliseconds are sent as bigint.
            await table.UpsertRow(Reminder(grain, "yearly", startAt, TimeSpan.FromDays(365)));

            var daily = Required(await table.ReadRow(grain, "daily"));
            Assert.Equal((grain, "daily", startAt, TimeSpan.FromDays(1), first), (daily.GrainId, daily.ReminderName, daily.StartAt, daily.Period, daily.ETag));
            Assert.Equal(TimeSpan.FromDays(365), Required(await table.ReadRow(grain, "yearly")).Period);
            Assert.Null(await table.ReadRow(grain, "never-registered"));
            Assert.Equal(["daily", "weekly", "yearly"], (await table.ReadRows(grain)).Reminders.Select(r => r.ReminderName).Order());

            // Re-registering gives a new etag; removing with the old one fails, with the new one succeeds.
            var updated = Required(await table.UpsertRow(Reminder(grain, "daily", startAt, TimeSpan.FromHours(12))));
            Assert.NotEqual(first, updated);
            Assert.False(await table.RemoveRow(grain, "daily", first));
            Assert.NotNull(await table.ReadRow(grain, "daily"));
            Assert.True(await table.RemoveRow(grain, "daily", updated));
            Assert.Null(await table.ReadRow(grain, "daily"));
            Assert.False(await table.RemoveRow(grain, "daily", updated));
            Assert.Equal(["weekly", "yearly"], (await table.ReadRows(grain)).Reminders.Select(r => r.ReminderName).Order());
        }

        foreach (var grain in grains)
        {
            var h = grain.GetUniformHashCode();
            // Ranges are (begin, end]. The provider uses ReadRangeRows1Key when (int)begin < (int)end
            // and ReadRangeRows2Key (wrapping around) otherwise; begin = end is the whole ring.
            Assert.True(await InRangeAsync(table, grain, h - 1, h));   // Rows1, h is the inclusive end
            Assert.False(await InRangeAsync(table, grain, h, h + 1));  // Rows1, h is the exclusive begin
            Assert.True(await InRangeAsync(table, grain, h + 1, h));   // Rows2, everything but (h, h + 1]
            Assert.False(await InRangeAsync(table, grain, h, h - 1));  // Rows2, everything but (h - 1, h]
            Assert.True(await InRangeAsync(table, grain, h, h));       // Rows2, the whole ring
        }
    }

    [Fact]
    public async Task A_second_silo_joins_the_cluster_and_both_see_each_other_Active()
    {
        var first = await fixture.GetAsync(postgres);
        await using var second = await ContractSilo.StartAsync(first.ConnectionString, first.ClusterId);
        SiloAddress[] both = [first.Address, second.Address];

        await Eventually.Until(
            () => ActiveSilosAsync(first.ConnectionString, first.ClusterId),
            active => both.All(s => active.Contains((s.Endpoint.Port, s.Generation))),
            "both silos Active in the membership table");
        foreach (var silo in new[] { first, second })
        {
            var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
            await Eventually.Until(
                () => Task.FromResult(membership.CurrentSnapshot),
                snapshot => both.All(s => snapshot.GetSiloStatus(s) == SiloStatus.Active),
                $"silo {silo.Address} to see both silos Active");
        }
    }

    private static MembershipEntry DeadEntry(int port, DateTime at) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, Random.Shared.Next(1, int.MaxValue)),
        SiloName = $"defunct-{port}",
        HostName = "contract-host",
        Status = SiloStatus.Dead,
        ProxyPort = 0,
        StartTime = at,
        IAmAliveTime = at,
    };

    private static async Task InsertAsync(IMembershipTable table, MembershipEntry entry) =>
        await Eventually.Until(async () => await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()), ok => ok, $"insert of {entry.SiloAddress}");

    private static async Task UpdateAsync(IMembershipTable table, SiloAddress silo, Action<MembershipEntry> change) =>
        await Eventually.Until(async () =>
        {
            var data = await table.ReadAllAsync();
            var (entry, etag) = data.Members.Single(m => m.Item1.SiloAddress.Equals(silo));
            change(entry);
            return await table.UpdateRowAsync(entry, etag, data.Version.Next());
        }, ok => ok, $"update of {silo}");

    private static async Task<(ContractState State, string? ETag)> ReadAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<ContractState>();
        await storage.ReadStateAsync(StateName, grainId, state);
        return (Required(state.State), state.ETag);
    }

    private static T Required<T>(T? value)
        where T : class
    {
        Assert.NotNull(value);
        return value;
    }

    private static ReminderEntry Reminder(GrainId grain, string name, DateTime startAt, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = startAt, Period = period };

    /// <summary>A grain id whose uniform hash satisfies <paramref name="accept"/> (and is away from the ends of the ring).</summary>
    private static GrainId GrainWithHash(Func<uint, bool> accept)
    {
        while (true)
        {
            var grain = GrainId.Create("contract-reminder", Guid.NewGuid().ToString("N"));
            var hash = grain.GetUniformHashCode();
            if (accept(hash) && hash is > 16 and < uint.MaxValue - 16)
            {
                return grain;
            }
        }
    }

    private static async Task<bool> InRangeAsync(IReminderTable table, GrainId grain, uint begin, uint end) =>
        (await table.ReadRows(begin, end)).Reminders.Any(r => r.GrainId.Equals(grain) && r.ReminderName == "weekly");

    private static async Task<int?> MembershipStatusAsync(string connectionString, string clusterId, SiloAddress silo)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM orleans_membership WHERE deployment_id = @c AND address = @a AND port = @p AND generation = @g", connection);
        command.Parameters.AddWithValue("c", clusterId);
        command.Parameters.AddWithValue("a", silo.Endpoint.Address.ToString());
        command.Parameters.AddWithValue("p", silo.Endpoint.Port);
        command.Parameters.AddWithValue("g", silo.Generation);
        return (int?)await command.ExecuteScalarAsync();
    }

    private static async Task<HashSet<(int Port, int Generation)>> ActiveSilosAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, generation FROM orleans_membership WHERE deployment_id = @c AND status = 3", connection);
        command.Parameters.AddWithValue("c", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var active = new HashSet<(int, int)>();
        while (await reader.ReadAsync())
        {
            active.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return active;
    }

    /// <summary>Like the provider: named parameters, DbType from the CLR type (DateTime is UTC, so timestamptz).</summary>
    private static async Task ExecuteAsync(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            if (value is DateTime)
            {
                parameter.DbType = DbType.DateTime;
            }

            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A small state class, serialized by Orleans' binary serializer.</summary>
[GenerateSerializer]
public sealed class ContractState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public List<string> Items { get; set; } = [];
}

/// <summary>One migrated database and one silo on it, started by the first test that needs them.</summary>
public sealed class ContractSiloFixture : IAsyncLifetime
{
    public const string Storage = "test";
    public const string DeletingStorage = "test-delete";

    private ContractSilo? _silo;

    public async Task<ContractSilo> GetAsync(PostgresFixture postgres)
    {
        if (_silo is null)
        {
            var connectionString = await postgres.NewDatabaseAsync("contract");
            await SchemaMigrator.MigrateAsync(connectionString, DatabaseRole.Cluster | DatabaseRole.Storage, NullLogger.Instance);
            _silo = await ContractSilo.StartAsync(connectionString, $"contract-{Guid.NewGuid():N}");
        }

        return _silo;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}

/// <summary>
/// A real silo with the ADO.NET clustering, grain storage and reminder providers on one database,
/// listening on 127.0.0.1 and free ports.
/// </summary>
public sealed class ContractSilo : IAsyncDisposable
{
    public const string ServiceId = "schema-contract";

    private readonly IHost _host;

    private ContractSilo(IHost host, string connectionString, string clusterId)
    {
        _host = host;
        ConnectionString = connectionString;
        ClusterId = clusterId;
    }

    public string ConnectionString { get; }
    public string ClusterId { get; }
    public IServiceProvider Services => _host.Services;
    public SiloAddress Address => Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public static async Task<ContractSilo> StartAsync(string connectionString, string clusterId)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        // No appsettings or environment variables: nothing outside this test shapes the silo.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = ServiceId;
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = IPAddress.Loopback;
                o.SiloPort = siloPort;
                o.GatewayPort = gatewayPort;
                o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, siloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, gatewayPort);
            });
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            // The shop writes grain state with Orleans' binary serializer. It is not registered in DI
            // (the default IGrainStorageSerializer is the JSON one), so build it from the silo's services.
            foreach (var (name, deleteOnClear) in new[] { (ContractSiloFixture.Storage, false), (ContractSiloFixture.DeletingStorage, true) })
            {
                silo.AddAdoNetGrainStorage(name, options => options.Configure<IServiceProvider>((o, services) =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                    o.DeleteStateOnClear = deleteOnClear;
                    o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
                }));
            }

            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
        });

        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ContractSilo(host, connectionString, clusterId);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
