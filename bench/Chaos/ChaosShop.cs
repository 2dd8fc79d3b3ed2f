namespace Shop.Bench.Chaos;

/// <summary>A user of the chaos run: who they are and the bearer token they order with.</summary>
public sealed record ChaosUser(Guid Id, string Email, string Token);

/// <summary>A product of the chaos run and its stock when the run began (no one restocks during it).</summary>
public sealed record ChaosProduct(string Sku, int InitialStock);

/// <summary>
/// One order a client set out to place under its Idempotency-Key: the order id the key must lead to,
/// and what the client was finally told (the id of a 2xx answer), if anything.
/// </summary>
public sealed class PlannedOrder(ChaosUser user, string key, Guid expectedId)
{
    public ChaosUser User { get; } = user;
    public string Key { get; } = key;
    public Guid ExpectedId { get; } = expectedId;
    public Guid? AcceptedId { get; set; }
    public int Attempts { get; set; }
}
