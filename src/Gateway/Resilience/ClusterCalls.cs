using Microsoft.Extensions.Options;
using Microsoft.Extensions.Caching.Memory;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Registry;

namespace Shop.Gateway.Resilience;

/// <summary>
/// Every cluster call of the gateway goes through here, through its service's pipeline (timeout,
/// deadline, retries of idempotent calls, each attempt's timeout). Reads remember their last good answer
/// and fall back to it when the service fails; other calls fail with a 503 once their deadline passed
/// (idempotent ones) or at their first failure (the rest).
/// </summary>
public sealed class ClusterCalls(
    ResiliencePipelineProvider<DownstreamService> pipelines,
    IMemoryCache lastGood,
    IOptions<ResilienceOptions> options,
    DegradedParts degraded,
    IHttpContextAccessor http,
    ILogger<ClusterCalls> logger)
{
    private readonly ResilienceOptions _settings = options.Value;

    /// <summary>A read with a fallback: on failure, the last good answer under <paramref name="cacheKey"/> (marked degraded).</summary>
    public async Task<T> Read<T>(DownstreamService service, string cacheKey, Func<Task<T>> call)
    {
        try
        {
            // Retried within one attempt's time only: past it the last good answer (or the dashboard's
            // null part) serves the client better than a longer wait.
            var value = await Execute(service, call, idempotent: true, deadline: _settings.Timeout);
            if (value is not null)
            {
                lastGood.Set(cacheKey, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _settings.FallbackLifetime });
            }

            return value;
        }
        catch (ServiceUnavailableException ex) when (lastGood.TryGetValue(cacheKey, out T? cached) && cached is not null)
        {
            logger.LogWarning("{Service} unavailable ({Reason}): serving the last good answer of {Key}", service, ex.InnerException?.GetType().Name, cacheKey);
            degraded.Add(PartName(service));
            return cached;
        }
    }

    /// <summary>
    /// A call that must not be repeated (a restock, a cancellation): one attempt, failing
    /// fast with <see cref="ServiceUnavailableException"/>.
    /// </summary>
    public Task<T> Call<T>(DownstreamService service, Func<Task<T>> call) => Execute(service, call, idempotent: false, _settings.Timeout);

    /// <summary>
    /// A call whose repetition changes nothing (a read, a placement under its order id, a PUT): retried
    /// across silos until the service's deadline when it meets a crashed or departing silo.
    /// </summary>
    public Task<T> CallIdempotent<T>(DownstreamService service, Func<Task<T>> call) => Execute(service, call, idempotent: true, _settings.RetryDeadline);

    /// <summary>An idempotent call that may legitimately take <paramref name="allowance"/> longer than the service's timeout (a long poll).</summary>
    public Task<T> CallIdempotent<T>(DownstreamService service, TimeSpan allowance, Func<Task<T>> call) =>
        Execute(service, call, idempotent: true, _settings.RetryDeadline, allowance);

    public static string PartName(DownstreamService service) => service.ToString().ToLowerInvariant();

    /// <summary>Read by the timeout strategies: time added to the service's timeout for this one call.</summary>
    private static readonly ResiliencePropertyKey<TimeSpan> TimeoutAllowance = new("shop.timeout-allowance");

    /// <summary>Read by the retry strategy: whether this call may be repeated.</summary>
    private static readonly ResiliencePropertyKey<bool> Idempotent = new("shop.idempotent");

    /// <summary>Read by the outer timeout strategy: how long this call may take in all, its retries included.</summary>
    private static readonly ResiliencePropertyKey<TimeSpan> CallDeadline = new("shop.deadline");

    public static TimeSpan Allowance(ResilienceContext context) => context.Properties.GetValue(TimeoutAllowance, TimeSpan.Zero);

    public static bool IsIdempotent(ResilienceContext context) => context.Properties.GetValue(Idempotent, false);

    public static TimeSpan Deadline(ResilienceContext context) => context.Properties.GetValue(CallDeadline, TimeSpan.Zero);

    /// <summary>Counts an attempt repeated by the retry strategy (metric shop.gateway.cluster.retries).</summary>
    public static void CountRetry(DownstreamService service) =>
        Retries.Add(1, new KeyValuePair<string, object?>("service", PartName(service)));

    /// <summary>Counts a call refused because its service had <see cref="ResilienceOptions.MaxConcurrentCalls"/> running and its queue was full (metric shop.gateway.overload.refusals).</summary>
    public static void CountOverloadRefusal(DownstreamService service) =>
        OverloadRefusals.Add(1, new KeyValuePair<string, object?>("service", PartName(service)));

    private static readonly System.Diagnostics.Metrics.Counter<long> OverloadRefusals =
        GatewayMetrics.Meter.CreateCounter<long>("shop.gateway.overload.refusals", description: "Cluster calls refused at once (503) because their service was at the gateway's concurrency limit");

    private static readonly System.Diagnostics.Metrics.Counter<long> Retries =
        GatewayMetrics.Meter.CreateCounter<long>("shop.gateway.cluster.retries", description: "Attempts of idempotent cluster calls repeated after a transient failure (a crashed silo, a re-forming cluster)");

    private async Task<T> Execute<T>(DownstreamService service, Func<Task<T>> call, bool idempotent, TimeSpan deadline, TimeSpan allowance = default)
    {
        var pipeline = pipelines.GetPipeline(service);
        var aborted = http.HttpContext?.RequestAborted ?? CancellationToken.None;
        var context = ResilienceContextPool.Shared.Get(aborted);
        context.Properties.Set(TimeoutAllowance, allowance);
        context.Properties.Set(Idempotent, idempotent);
        context.Properties.Set(CallDeadline, deadline);
        try
        {
            // Grain calls do not take the token; WaitAsync lets the timeout strategy abandon them.
            return await pipeline.ExecuteAsync(static async (context, state) => await state().WaitAsync(context.CancellationToken), context, call);
        }
        catch (Exception ex) when (ex is not Shop.Security.CallDeniedException && (ex is not OperationCanceledException || !aborted.IsCancellationRequested))
        {
            var retryAfter = ex switch
            {
                BrokenCircuitException { RetryAfter: { } remaining } => remaining,
                RateLimiterRejectedException => _settings.OverloadRetryAfter,
                _ => _settings.BreakDuration,
            };
            throw new ServiceUnavailableException(service, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
