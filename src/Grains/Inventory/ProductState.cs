namespace Shop.Grains.Inventory;

[GenerateSerializer, Alias("Shop.Grains.Inventory.ProductState")]
public sealed class ProductState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public string Description { get; set; } = "";
    [Id(3)] public decimal Price { get; set; }
    /// <summary>Units the shop owns: available + reserved.</summary>
    [Id(4)] public int Stock { get; set; }
    /// <summary>Units held per order id; the sum is the product's reserved quantity.</summary>
    [Id(5)] public Dictionary<Guid, int> Reservations { get; set; } = [];
    /// <summary>
    /// The request (<see cref="Shop.Inventory.ProductDefinition.AttemptId"/>) that created the product,
    /// so that its repeat is answered as a creation. Empty for products stored before it existed.
    /// </summary>
    [Id(6)] public Guid CreatedBy { get; set; }

    public int Reserved => Reservations.Values.Sum();
    public int Available => Stock - Reserved;
}
