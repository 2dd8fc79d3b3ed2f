namespace Shop.Gateway.Tests;

/// <summary>A bad configuration value stops the gateway at start-up, with a message naming the key.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConfigurationValidationTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("Shop:Resilience:Timeout", "00:00:00")]
    // Issue 15's own example of a wrong value, taken literally: a negative timeout.
    [InlineData("Shop:Resilience:Timeout", "-00:00:01")]
    [InlineData("Shop:Resilience:FailureRatio", "0")]
    [InlineData("Shop:Resilience:RetryDeadline", "00:00:01")]
    [InlineData("Shop:Cluster:GatewayListRefreshPeriod", "00:00:00")]
    [InlineData("Shop:RateLimits:PerCaller:TokenLimit", "0")]
    [InlineData("Shop:RateLimits:LoginPerIp:ReplenishmentPeriod", "00:00:00")]
    [InlineData("Shop:Auth:AccessTokenLifetime", "00:00:01")]
    [InlineData("Shop:Auth:RefreshTokenLifetime", "00:00:10")]
    [InlineData("Shop:Auth:MaxSessionsPerUser", "0")]
    [InlineData("Shop:RateLimits:RefreshPerIp:TokenLimit", "0")]
    [InlineData("Shop:Cluster:ResponseTimeout", "00:00:00")]
    [InlineData("Shop:ServiceIdentity:TokenLifetime", "00:00:30")]
    [InlineData("Shop:Admin:Email", "not-an-address")]
    public async Task A_value_out_of_range_stops_the_start_and_names_its_key(string key, string value)
    {
        var settings = fixture.ClusterSettings();
        settings[key] = value;
        await using var gateway = new GatewayFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains(key, error.ToString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_format_stops_the_start_and_names_its_key()
    {
        var settings = fixture.ClusterSettings();
        settings["Shop:Resilience:BreakDuration"] = "soon";
        await using var gateway = new GatewayFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("Shop:Resilience:BreakDuration", error.ToString());
    }
}
