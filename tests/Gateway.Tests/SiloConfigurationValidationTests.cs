namespace Shop.Gateway.Tests;

/// <summary>A bad configuration value stops the silo at start-up, with a message naming the key (the gateway's: ConfigurationValidationTests).</summary>
public sealed class SiloConfigurationValidationTests
{
    [Theory]
    [InlineData("Shop:Persistence", "Postgress")]
    [InlineData("Shop:Cluster:SiloPort", "0")]
    [InlineData("Shop:Orders:ReconcilePeriod", "00:00:00")]
    [InlineData("Shop:Orders:SweepWatch", "00:59:00")] // longer than the statistics remember an order
    [InlineData("Shop:Events:MaxAttempts", "0")]
    [InlineData("Shop:Events:FirstRetryDelay", "soon")]
    public async Task A_bad_value_stops_the_silo_and_names_its_key(string key, string value)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await (await ShopSiloHost.StartAsync(new Dictionary<string, string?> { [key] = value })).DisposeAsync());

        Assert.Contains(key, error.ToString());
    }
}
