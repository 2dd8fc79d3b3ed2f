namespace Shop.Integration.Tests.Postgres;

/// <summary>
/// One PostgreSQL server for the integration tests. Without PostgreSQL on the machine the tests skip
/// with <see cref="PostgresBinaries.MissingReason"/>; under CI=true they fail instead.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL is not running.");

    public async ValueTask InitializeAsync()
    {
        if (PostgresBinaries.Available || PostgresBinaries.IsCi)
        {
            _server = await PostgresServer.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Call first in every test: skips (outside CI) when the machine has no PostgreSQL.</summary>
    public void RequirePostgres() => Assert.SkipUnless(_server is not null, PostgresBinaries.MissingReason);

    /// <summary>A new empty database with a unique name.</summary>
    public async Task<string> NewDatabaseAsync(string prefix)
    {
        RequirePostgres();
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
        await Server.CreateDatabaseAsync(name);
        return Server.ConnectionString(name);
    }
}

/// <summary>
/// The tests that use <see cref="PostgresFixture"/>. The trait here is every such test's: xunit v3 gives
/// a collection definition's traits to each test in the collection.
/// </summary>
[CollectionDefinition(Name)]
[Trait(TestTraits.Needs, TestTraits.PostgreSQL)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
