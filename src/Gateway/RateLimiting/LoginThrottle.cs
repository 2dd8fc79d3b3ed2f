using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;

namespace Shop.Gateway.RateLimiting;

/// <summary>
/// Failed logins, counted twice (token buckets; only failures spend them):
/// <list type="bullet">
/// <item>per (e-mail address, client IP): a client that keeps guessing one account is refused for that
/// account (429), even with the right password, while every other client is not affected;</item>
/// <item>per e-mail address, whatever the IP, with a larger budget: guessing spread over many addresses.
/// Once spent, the password is still checked and only a wrong one is refused (429), as is any attempt
/// from a client that has itself failed for the address; the right password from a client with no
/// recent failure signs in. Strangers can slow guessing down but cannot lock the owner out.</item>
/// </list>
/// The route's per-IP limit (all addresses together) comes on top.
/// </summary>
public sealed class LoginThrottle(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perEmail = PartitionedRateLimiter.Create<string, string>(
        email => RateLimitPartition.GetTokenBucketLimiter(email, _ => options.Value.FailedLoginsPerEmail.ToOptions()));

    private readonly PartitionedRateLimiter<string> _perClient = PartitionedRateLimiter.Create<string, string>(
        key => RateLimitPartition.GetTokenBucketLimiter(key, _ => options.Value.FailedLoginsPerClient.ToOptions()));

    /// <summary>
    /// Before the password is checked (so no session is opened for an attempt that will be refused):
    /// true when this client has no failed attempts left for the address, or has failed for it while
    /// the address's own budget is spent.
    /// </summary>
    public bool IsClientExhausted(string email, string client, out TimeSpan retryAfter)
    {
        // The statistics, not a zero-permit acquire: the latter does not report an empty bucket reliably.
        retryAfter = options.Value.FailedLoginsPerClient.ReplenishmentPeriod;
        var left = Available(_perClient, ClientKey(email, client));
        if (left <= 0)
        {
            return true;
        }

        retryAfter = options.Value.FailedLoginsPerEmail.ReplenishmentPeriod;
        return left < options.Value.FailedLoginsPerClient.TokenLimit && Available(_perEmail, email) <= 0;
    }

    /// <summary>
    /// After the password was checked: false when the attempt must be answered 429. A failure is
    /// recorded in both budgets. While the address's own budget is spent, a wrong password is refused,
    /// and so is a right one from a client that has failed for this address recently.
    /// </summary>
    public bool Admits(string email, string client, bool succeeded, out TimeSpan retryAfter)
    {
        retryAfter = options.Value.FailedLoginsPerEmail.ReplenishmentPeriod;
        var key = ClientKey(email, client);
        var addressExhausted = Available(_perEmail, email) <= 0;
        if (!succeeded)
        {
            using (_perEmail.AttemptAcquire(email))
            using (_perClient.AttemptAcquire(key))
            {
            }

            return !addressExhausted;
        }

        var clientHasFailed = Available(_perClient, key) < options.Value.FailedLoginsPerClient.TokenLimit;
        return !addressExhausted || !clientHasFailed;
    }

    private static long Available(PartitionedRateLimiter<string> limiter, string key) =>
        limiter.GetStatistics(key)?.CurrentAvailablePermits ?? long.MaxValue;

    private static string ClientKey(string email, string client) => $"{client}|{email}";

    public void Dispose()
    {
        _perEmail.Dispose();
        _perClient.Dispose();
    }
}
