using Shop.Inventory;

// Deliberately outside the Shop.* namespaces that the authorization policy covers.
namespace Intruder;

/// <summary>
/// A grain the policy does not know (grain type "rogue"), hosted by the test silo: stands for
/// compromised or buggy code inside the cluster trying to move stock directly.
/// </summary>
[Alias("Intruder.IRogueGrain")]
public interface IRogueGrain : IGrainWithStringKey
{
    [Alias("ReserveDirectly")]
    Task<ReservationResult> ReserveDirectly(string sku);
}

public sealed class RogueGrain : Grain, IRogueGrain
{
    public Task<ReservationResult> ReserveDirectly(string sku) =>
        GrainFactory.GetGrain<IProductGrain>(sku).Reserve(Guid.NewGuid(), 1);
}
