using Microsoft.Extensions.Options;
using Microsoft.Extensions.Caching.Memory;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;

namespace Shop.Gateway.Resilience;

/// <summary>
/// Every cluster call of the gateway goes through here, through its service's pipeline (timeout,
/// circuit breaker). Reads remember their last good answer and fall back to it when the service
/// fails; calls that change something, or must not be answered from memory, fail fast with a 503.
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
            var value = await Execute(service, call);
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

    /// <summary>A call without fallback (writes, logins): fails fast with <see cref="ServiceUnavailableException"/>.</summary>
    public Task<T> Call<T>(DownstreamService service, Func<Task<T>> call) => Execute(service, call);

    /// <summary>A call that may legitimately take <paramref name="allowance"/> longer than the service's timeout (a long poll).</summary>
    public Task<T> Call<T>(DownstreamService service, TimeSpan allowance, Func<Task<T>> call) => Execute(service, call, allowance);

    public Task Call(DownstreamService service, Func<Task> call) =>
        Execute(service, async () =>
        {
            await call();
            return true;
        });

    public static string PartName(DownstreamService service) => service.ToString().ToLowerInvariant();

    /// <summary>Read by the timeout strategy: time added to the service's timeout for this one call.</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> TimeoutAllowance = new("shop.timeout-allowance");

    private async Task<T> Execute<T>(DownstreamService service, Func<Task<T>> call, TimeSpan allowance = default)
    {
        var pipeline = pipelines.GetPipeline(service);
        var aborted = http.HttpContext?.RequestAborted ?? CancellationToken.None;
        var context = ResilienceContextPool.Shared.Get(aborted);
        context.Properties.Set(TimeoutAllowance, allowance);
        try
        {
            // Grain calls do not take the token; WaitAsync lets the timeout strategy abandon them.
            return await pipeline.ExecuteAsync(static async (context, state) => await state().WaitAsync(context.CancellationToken), context, call);
        }
        catch (Exception ex) when (ex is not Shop.Security.CallDeniedException && (ex is not OperationCanceledException || !aborted.IsCancellationRequested))
        {
            var retryAfter = ex is BrokenCircuitException { RetryAfter: { } remaining } ? remaining : _settings.BreakDuration;
            throw new ServiceUnavailableException(service, retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
