using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Shop.Grains.Tests;

/// <summary>The Orleans options an operator tunes through the shop's configuration reach the silo.</summary>
public sealed class SiloOptionsTests
{
    [Fact]
    public async Task Activation_collection_and_the_directory_cache_are_configured_from_shop_settings()
    {
        await using var silo = await ShopSiloHost.StartAsync(new Dictionary<string, string?>
        {
            ["Shop:Activations:CollectionAge"] = "00:02:00",
            ["Shop:GrainDirectory:CacheSize"] = "50000",
            ["Shop:Membership:ProbeTimeout"] = "00:00:03",
        });

        Assert.Equal(TimeSpan.FromMinutes(2), silo.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge);
        Assert.Equal(50_000, silo.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
        Assert.Equal(TimeSpan.FromSeconds(3), silo.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.ProbeTimeout);
    }
}
