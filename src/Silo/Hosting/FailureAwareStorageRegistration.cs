using Orleans.Storage;

namespace Shop.Silo.Hosting;

public static class FailureAwareStorageRegistration
{
    /// <summary>
    /// Wraps the grain storage registered under <paramref name="name"/> (by Orleans' own Add...GrainStorage,
    /// which must have run) in <see cref="FailureAwareGrainStorage"/>. Orleans resolves a storage, and
    /// its lifecycle participant, by name, so the wrapper takes the provider's place under that name.
    /// The provider's serializer must be <see cref="GrainStateSerialization.Create"/>'s, which writes the
    /// states the wrapper has serialized as they are.
    /// </summary>
    public static IServiceCollection MakeStorageFailureAware(this IServiceCollection services, string name)
    {
        var provider = services.LastOrDefault(d =>
                d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name) && d.KeyedImplementationFactory is not null)
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered to wrap.");
        services.Remove(provider);
        services.AddKeyedSingleton<IGrainStorage>(name, (services, key) => new FailureAwareGrainStorage(
            name,
            (IGrainStorage)provider.KeyedImplementationFactory!(services, key),
            services.GetRequiredService<IGrainContextAccessor>(),
            GrainStateSerialization.Create(services),
            services.GetRequiredService<ILogger<FailureAwareGrainStorage>>()));
        return services;
    }
}
