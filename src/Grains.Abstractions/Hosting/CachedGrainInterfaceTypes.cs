using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Runtime;
using Orleans.Serialization.TypeSystem;

namespace Shop.Hosting;

/// <summary>
/// Remembers the grain interface type of each grain interface. Orleans resolves it on every
/// <c>GetGrain</c> call, by instantiating the interface's custom attributes and, for an interface
/// without an explicit type, formatting its name: a CPU profile of the order flow put that at 4 % of
/// the gateway and 2 % of the silo. The answer never changes for a type, so it is computed once, by
/// the same resolver Orleans uses, with the provider this one takes the place of.
/// </summary>
public sealed class CachedGrainInterfaceTypes(IServiceProvider services, TypeConverter typeConverter) : IGrainInterfaceTypeProvider
{
    private readonly GrainInterfaceTypeResolver _resolver = new([new AttributeGrainInterfaceTypeProvider(services)], typeConverter);
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        grainInterfaceType = _known.GetOrAdd(type, static (t, resolver) => resolver.GetGrainInterfaceType(t), _resolver);
        return true;
    }
}

public static class CachedGrainInterfaceTypesRegistration
{
    /// <summary>
    /// Puts <see cref="CachedGrainInterfaceTypes"/> where Orleans registered its attribute provider
    /// (call after Orleans' default services are added, e.g. inside UseOrleans or UseOrleansClient).
    /// It must come first among the providers: it answers for every interface.
    /// </summary>
    public static IServiceCollection CacheGrainInterfaceTypes(this IServiceCollection services)
    {
        var index = services.ToList().FindIndex(d => d.ServiceType == typeof(IGrainInterfaceTypeProvider)
            && d.ImplementationType == typeof(AttributeGrainInterfaceTypeProvider));
        if (index < 0)
        {
            throw new InvalidOperationException("Orleans' AttributeGrainInterfaceTypeProvider is not registered (yet): call this after the Orleans services are added.");
        }

        services[index] = ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, CachedGrainInterfaceTypes>();
        return services;
    }
}
