using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;

namespace Shop.Gateway.RateLimiting;

/// <summary>
/// Failed logins per e-mail address (a token bucket per address). The route's per-IP limit cannot see
/// an attacker guessing one account's password from many addresses; this can. Only failures spend the
/// budget, so a user who knows their password is not locked out by their own successful logins.
/// </summary>
public sealed class LoginThrottle(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(
        email => RateLimitPartition.GetTokenBucketLimiter(email, _ => options.Value.FailedLoginsPerEmail.ToOptions()));

    /// <summary>True when the address has no failed attempts left. Asking spends nothing.</summary>
    public bool IsExhausted(string email, out TimeSpan retryAfter)
    {
        // The statistics, not a zero-permit acquire: the latter does not report an empty bucket reliably.
        retryAfter = options.Value.FailedLoginsPerEmail.ReplenishmentPeriod;
        return _failures.GetStatistics(email) is { CurrentAvailablePermits: <= 0 };
    }

    public void RecordFailure(string email)
    {
        using var lease = _failures.AttemptAcquire(email);
    }

    public void Dispose() => _failures.Dispose();
}
