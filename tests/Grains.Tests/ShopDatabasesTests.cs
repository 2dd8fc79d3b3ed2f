using Microsoft.Extensions.Configuration;
using Npgsql;
using Shop.Grains;
using Shop.Silo.Hosting;

namespace Shop.Grains.Tests;

/// <summary>The connection strings of durable mode get a bounded pool and no reset on return, unless they say otherwise.</summary>
public sealed class ShopDatabasesTests
{
    private static ShopDatabases From(string extra) => ShopDatabases.From(new ConfigurationBuilder().AddInMemoryCollection(
        new[] { ShopDatabases.ClusterName }.Concat(StorageNames.All.Select(ShopDatabases.ConnectionStringName))
            .Select(name => KeyValuePair.Create($"ConnectionStrings:{name}", (string?)$"Host=127.0.0.1;Database={name.ToLowerInvariant()}{extra}")))
        .Build());

    [Fact]
    public void A_connection_string_without_pool_settings_gets_a_bounded_pool_and_no_reset_on_close()
    {
        var databases = From("");
        foreach (var cs in databases.Databases().Select(d => d.ConnectionString).Append(databases.Cluster))
        {
            var builder = new NpgsqlConnectionStringBuilder(cs);
            Assert.Equal(ShopDatabases.DefaultMaxPoolSize, builder.MaxPoolSize);
            Assert.True(builder.NoResetOnClose);
        }
    }

    [Fact]
    public void Pool_settings_of_the_connection_string_are_kept()
    {
        var builder = new NpgsqlConnectionStringBuilder(From(";Maximum Pool Size=3;No Reset On Close=false").ForStorage(StorageNames.Orders));
        Assert.Equal(3, builder.MaxPoolSize);
        Assert.False(builder.NoResetOnClose);
    }
}
