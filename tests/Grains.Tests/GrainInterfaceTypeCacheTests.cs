using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;
using Shop.Hosting;
using Shop.Orders;
using Shop.Users;

namespace Shop.Grains.Tests;

/// <summary>The remembered grain interface types are the ones Orleans' own resolver gives.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainInterfaceTypeCacheTests(ClusterFixture fixture)
{
    [Fact]
    public void The_silo_resolves_grain_interface_types_through_the_cache_and_gets_what_orleans_computes()
    {
        var services = fixture.Shop.Cluster.Silos[0].ServiceProvider;
        Assert.IsType<CachedGrainInterfaceTypes>(services.GetServices<IGrainInterfaceTypeProvider>().First());

        var resolver = services.GetRequiredService<GrainInterfaceTypeResolver>();
        var uncached = new GrainInterfaceTypeResolver([new AttributeGrainInterfaceTypeProvider(services)], services.GetRequiredService<TypeConverter>());
        foreach (var type in new[] { typeof(IOrderGrain), typeof(IUserOrdersGrain), typeof(IUserGrain), typeof(IManagementGrain), typeof(IGrainWithGuidKey) })
        {
            Assert.Equal(uncached.GetGrainInterfaceType(type), resolver.GetGrainInterfaceType(type));
            Assert.Equal(uncached.GetGrainInterfaceType(type), resolver.GetGrainInterfaceType(type));
        }
    }

    [Fact]
    public void Registering_the_cache_before_the_orleans_services_fails_with_a_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().CacheGrainInterfaceTypes());
        Assert.Contains("after the Orleans services", error.Message);
    }
}
