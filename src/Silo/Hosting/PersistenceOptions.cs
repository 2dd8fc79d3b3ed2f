using Shop.Hosting;

namespace Shop.Silo.Hosting;

/// <summary>
/// "Shop:Persistence" (InMemory or Postgres). Read eagerly (<see cref="From"/>): it decides which
/// providers the silo registers, before there is a service provider to ask. A value that is neither
/// stops the start with a message naming the key.
/// </summary>
public sealed class PersistenceOptions
{
    /// <summary>The section the key lives in: the key keeps its name of earlier versions.</summary>
    public const string Section = "Shop";

    public ShopPersistence Persistence { get; set; } = ShopPersistence.InMemory;

    public static ShopPersistence From(IConfiguration configuration) => ShopOptions.Read<PersistenceOptions>(configuration, Section).Persistence;
}
