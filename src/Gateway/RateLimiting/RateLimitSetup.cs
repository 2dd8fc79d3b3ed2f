using Shop.Hosting;
using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Shop.Gateway.RateLimiting;

/// <summary>ASP.NET Core's rate limiter: a token bucket per caller on every route, stricter buckets per IP on login and registration.</summary>
public static class RateLimitSetup
{
    public const string LoginPolicy = "login";
    public const string RegistrationPolicy = "registration";
    public const string RefreshPolicy = "refresh";

    public static IServiceCollection AddShopRateLimiting(this IServiceCollection services)
    {
        services.AddShopOptions<RateLimitOptions>(RateLimitOptions.Section);
        services.AddSingleton<LoginThrottle>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, configured) =>
        {
            var settings = configured.Value;
            // Partitioned per caller: each user (or anonymous IP) has a bucket of their own, so one
            // noisy caller never spends another's budget.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(CallerKey(context), _ => settings.PerCaller.ToOptions()));
            options.AddPolicy(LoginPolicy, context =>
                RateLimitPartition.GetTokenBucketLimiter(ClientIp(context), _ => settings.LoginPerIp.ToOptions()));
            options.AddPolicy(RefreshPolicy, context =>
                RateLimitPartition.GetTokenBucketLimiter(ClientIp(context), _ => settings.RefreshPerIp.ToOptions()));
            options.AddPolicy(RegistrationPolicy, context =>
                RateLimitPartition.GetTokenBucketLimiter(ClientIp(context), _ => settings.RegistrationPerIp.ToOptions()));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                var http = context.HttpContext;
                // Every refusal is counted; at most one a second is logged (a flood must not flood the log).
                RateLimitRejections.Add(1, new KeyValuePair<string, object?>("route", http.GetEndpoint()?.DisplayName));
                if (RefusalLog.ShouldLog(out var heldBack))
                {
                    http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory)
                        .LogInformation("Rate limit hit by {Caller} on {Method} {Path} ({HeldBack} more refusals since the last line)",
                            CallerKey(http), http.Request.Method, http.Request.Path, heldBack);
                }

                await new Errors.TooManyRequestsProblem(retryAfter, "Too many requests. Retry later.").ExecuteAsync(http);
            };
        });
        return services;
    }

    public const string LogCategory = "Shop.Gateway.RateLimiting";

    private static readonly LogSampler RefusalLog = new(TimeSpan.FromSeconds(1));

    /// <summary>Counts 429 answers (meter "Shop.Gateway").</summary>
    private static readonly Counter<long> RateLimitRejections =
        GatewayMetrics.Meter.CreateCounter<long>("shop.gateway.rate_limit.rejections", description: "Requests refused by a rate limit.");

    /// <summary>"user:{id}" for an authenticated caller, else "ip:{address}".</summary>
    public static string CallerKey(HttpContext context) =>
        context.User.FindFirst("sub")?.Value is { } userId ? $"user:{userId}" : ClientIp(context);

    /// <summary>"ip:{address}": the client address (after trusted-proxy forwarding).</summary>
    public static string ClientIp(HttpContext context) => $"ip:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";
}
