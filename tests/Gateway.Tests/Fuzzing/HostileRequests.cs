using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>Every route of the API that takes input, each with its hostile requests, and header noise on all of them.</summary>
public static class HostileRequests
{
    public static Gen<HostileRequest> All(FuzzWorld world) => Gen.Frequency(
            (3, AccountRequests.Registration(world)),
            (3, AccountRequests.Login(world)),
            (3, AccountRequests.UpdateProfile(world)),
            (2, AccountRequests.Refresh(world)),
            (2, AccountRequests.ChangePassword(world)),
            (4, ProductRequests.Define(world)),
            (3, ProductRequests.Restock(world)),
            (2, ProductRequests.Read(world)),
            (5, OrderRequests.Place(world)),
            (2, OrderRequests.List(world)),
            (3, OrderRequests.Read(world)),
            (2, OrderRequests.Cancel(world)))
        .WithNoise();
}
