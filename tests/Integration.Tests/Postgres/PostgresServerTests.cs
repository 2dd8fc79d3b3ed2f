using Npgsql;

namespace Shop.Integration.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_throwaway_server_listens_on_loopback_and_accepts_queries()
    {
        var connectionString = await postgres.NewDatabaseAsync("probe");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select inet_server_addr()::text, current_setting('listen_addresses')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.StartsWith("127.0.0.1", reader.GetString(0));
        Assert.Equal("127.0.0.1", reader.GetString(1));
    }
}
