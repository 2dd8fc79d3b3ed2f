using System.Threading.RateLimiting;
using Polly;

namespace Shop.Gateway.Resilience;

/// <summary>
/// A place in a service's concurrency limit that its call can give back before it ends. A call that met
/// a crashed silo and waits to be retried is not work the cluster is doing: it waits for membership to
/// declare the silo dead (seconds), and holding its place meanwhile made a single crash look like
/// overload (CI saw 43 of 541 orders refused 503 "at capacity" 3 s after a kill at 20 orders/s).
/// The limit counts first attempts only; the retries of a call that gave its place back are bounded by
/// its deadline, and the circuit breaker stops them when the service keeps failing.
/// </summary>
internal sealed class ReturnablePermit(RateLimitLease lease) : RateLimitLease
{
    private static readonly ResiliencePropertyKey<ReturnablePermit> Held = new("shop.permit");

    private int _returned;

    public override bool IsAcquired => true;

    public override IEnumerable<string> MetadataNames => lease.MetadataNames;

    public override bool TryGetMetadata(string metadataName, out object? metadata) => lease.TryGetMetadata(metadataName, out metadata);

    /// <summary>A place in <paramref name="limit"/> for the call of <paramref name="context"/>, which <see cref="GiveBack"/> can return early.</summary>
    public static async ValueTask<RateLimitLease> Acquire(RateLimiter limit, ResilienceContext context)
    {
        var lease = await limit.AcquireAsync(1, context.CancellationToken);
        if (!lease.IsAcquired)
        {
            return lease;
        }

        var permit = new ReturnablePermit(lease);
        context.Properties.Set(Held, permit);
        return permit;
    }

    /// <summary>Returns the place of the call of <paramref name="context"/>, if it holds one; the end of the call then returns nothing.</summary>
    public static void GiveBack(ResilienceContext context)
    {
        if (context.Properties.TryGetValue(Held, out var permit))
        {
            permit.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _returned, 1) == 0)
        {
            lease.Dispose();
        }
    }
}
