namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// The data the fuzz aims at, created before the run: a user with a confirmed and a cancelled order,
/// another user's order, a product with stock and one with units reserved by the user's order.
/// </summary>
public sealed record FuzzWorld(
    Guid UserId,
    string UserEmail,
    string UserPassword,
    string UserToken,
    string AdminToken,
    Microsoft.IdentityModel.Tokens.SecurityKey SigningKey,
    Guid ConfirmedOrder,
    Guid CancelledOrder,
    Guid VictimOrder,
    string StockSku,
    int StockUnits,
    string ReservedSku,
    int ReservedUnits,
    IReadOnlyList<string> Skus)
{
    public string UserBearer => $"Bearer {UserToken}";
    public string AdminBearer => $"Bearer {AdminToken}";
}
