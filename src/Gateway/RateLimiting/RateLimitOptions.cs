using System.ComponentModel.DataAnnotations;

namespace Shop.Gateway.RateLimiting;

/// <summary>Configuration section "Shop:RateLimits". Every limit is a token bucket.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Shop:RateLimits";

    /// <summary>Every route, per caller (the user in the token, else the client IP).</summary>
    public Bucket PerCaller { get; set; } = new() { TokenLimit = 100, TokensPerPeriod = 50, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    /// <summary>POST /api/auth/token, per client IP.</summary>
    public Bucket LoginPerIp { get; set; } = new() { TokenLimit = 10, TokensPerPeriod = 10, ReplenishmentPeriod = TimeSpan.FromMinutes(1) };

    /// <summary>POST /api/auth/refresh, per client IP (a client refreshes once per access token lifetime).</summary>
    public Bucket RefreshPerIp { get; set; } = new() { TokenLimit = 30, TokensPerPeriod = 30, ReplenishmentPeriod = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Failed logins per (e-mail address, client IP): once spent, that client is refused for the address,
    /// even with the right password. Other clients are not affected.
    /// </summary>
    public Bucket FailedLoginsPerClient { get; set; } = new() { TokenLimit = 5, TokensPerPeriod = 5, ReplenishmentPeriod = TimeSpan.FromMinutes(5) };

    /// <summary>
    /// Failed logins per e-mail address, whatever IP they come from (guessing spread over many addresses).
    /// Once spent, wrong passwords are refused with 429, but the right password from a client that has
    /// not failed for this address still signs in: strangers cannot lock the owner out.
    /// </summary>
    public Bucket FailedLoginsPerEmail { get; set; } = new() { TokenLimit = 20, TokensPerPeriod = 20, ReplenishmentPeriod = TimeSpan.FromMinutes(15) };

    /// <summary>POST /api/users, per client IP.</summary>
    public Bucket RegistrationPerIp { get; set; } = new() { TokenLimit = 5, TokensPerPeriod = 5, ReplenishmentPeriod = TimeSpan.FromMinutes(1) };

    public sealed class Bucket
    {
        /// <summary>Burst: the most requests allowed at once.</summary>
        [Range(1, int.MaxValue)]
        public int TokenLimit { get; set; }

        /// <summary>Tokens added back every <see cref="ReplenishmentPeriod"/>.</summary>
        [Range(1, int.MaxValue)]
        public int TokensPerPeriod { get; set; }

        [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
        public TimeSpan ReplenishmentPeriod { get; set; }

        public System.Threading.RateLimiting.TokenBucketRateLimiterOptions ToOptions() => new()
        {
            TokenLimit = TokenLimit,
            TokensPerPeriod = TokensPerPeriod,
            ReplenishmentPeriod = ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}

