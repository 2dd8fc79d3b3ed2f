namespace Shop.Inventory;

/// <summary>Seeds the demo catalog when the silo's configuration asks for it ("Shop:Catalog:SeedDemo").</summary>
[Alias("Shop.Inventory.IDemoCatalogGrain")]
public interface IDemoCatalogGrain : IGrainWithStringKey
{
    public const string Key = "demo";

    /// <summary>Defines each demo product that does not exist yet; answers how many it defined. Idempotent.</summary>
    [Alias("Seed")]
    Task<int> Seed();
}
