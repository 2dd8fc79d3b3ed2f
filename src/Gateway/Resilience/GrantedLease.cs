using System.Threading.RateLimiting;

namespace Shop.Gateway.Resilience;

/// <summary>The lease of a call the concurrency limit does not count (a long poll): always acquired, nothing to give back.</summary>
internal sealed class GrantedLease : RateLimitLease
{
    public static readonly RateLimitLease Instance = new GrantedLease();

    public override bool IsAcquired => true;

    public override IEnumerable<string> MetadataNames => [];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }
}
