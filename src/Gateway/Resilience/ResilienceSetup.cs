using Shop.Hosting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;
using System.Threading.RateLimiting;

namespace Shop.Gateway.Resilience;

public static class ResilienceSetup
{
    /// <summary>
    /// One Polly pipeline per downstream service: a concurrency limit around a circuit breaker around the
    /// call's deadline, around retries of idempotent calls, around each attempt's timeout. Timeouts count
    /// as failures, and one failing service opens only its own circuit; a call refused by the limit never
    /// reaches the breaker (an overloaded service is not a failing one), and a call being retried has
    /// given its place in the limit back (<see cref="ReturnablePermit"/>).
    /// </summary>
    public static IServiceCollection AddShopResilience(this IServiceCollection services)
    {
        services.AddShopOptions<ResilienceOptions>(ResilienceOptions.Section);
        services.AddMemoryCache();
        services.AddOptions<MemoryCacheOptions>().Configure<IOptions<ResilienceOptions>>((cache, resilience) => cache.SizeLimit = resilience.Value.FallbackCacheEntries);
        services.AddSingleton<CircuitStates>();
        services.AddHttpContextAccessor();
        services.AddScoped<DegradedParts>();
        services.AddScoped<ClusterCalls>();

        foreach (var service in Enum.GetValues<DownstreamService>())
        {
            services.AddResiliencePipeline(service, (pipeline, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<ResilienceOptions>>().Value;
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Gateway.Resilience");
                var states = context.ServiceProvider.GetRequiredService<CircuitStates>();
                var limit = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
                {
                    PermitLimit = settings.MaxConcurrentCalls,
                    QueueLimit = settings.MaxQueuedCalls,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
                context.OnPipelineDisposed(limit.Dispose);
                pipeline
                    // Outermost: a refused call takes no retry, no deadline and no say in the circuit.
                    .AddRateLimiter(new RateLimiterStrategyOptions
                    {
                        // A long poll only waits for its order to settle (no work in the cluster), and the
                        // clients that follow their orders would otherwise fill the limit with waiting.
                        RateLimiter = args => ClusterCalls.Allowance(args.Context) > TimeSpan.Zero
                            ? ValueTask.FromResult(GrantedLease.Instance)
                            : ReturnablePermit.Acquire(limit, args.Context),
                        OnRejected = _ =>
                        {
                            ClusterCalls.CountOverloadRefusal(service);
                            return ValueTask.CompletedTask;
                        },
                    })
                    .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                    {
                        FailureRatio = settings.FailureRatio,
                        SamplingDuration = settings.SamplingDuration,
                        MinimumThroughput = settings.MinimumThroughput,
                        BreakDuration = settings.BreakDuration,
                        BreakDurationGenerator = args => ValueTask.FromResult(settings.BreakAfter(args.HalfOpenAttempts)),
                        // A client that went away, or a call the cluster's policy refused, is not a failure of the service.
                        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null and not OperationCanceledException and not Shop.Security.CallDeniedException),
                        OnOpened = args =>
                        {
                            states.Set(service, CircuitState.Open);
                            logger.LogWarning(args.Outcome.Exception, "Circuit of {Service} OPENED for {BreakDuration}", service, args.BreakDuration);
                            return ValueTask.CompletedTask;
                        },
                        OnHalfOpened = _ =>
                        {
                            states.Set(service, CircuitState.HalfOpen);
                            logger.LogInformation("Circuit of {Service} half-open: probing", service);
                            return ValueTask.CompletedTask;
                        },
                        OnClosed = _ =>
                        {
                            states.Set(service, CircuitState.Closed);
                            logger.LogInformation("Circuit of {Service} closed", service);
                            return ValueTask.CompletedTask;
                        },
                    })
                    // The whole call, retries included: the deadline its kind of call sets (ClusterCalls).
                    .AddTimeout(new TimeoutStrategyOptions
                    {
                        TimeoutGenerator = args => ValueTask.FromResult(ClusterCalls.Deadline(args.Context) + ClusterCalls.Allowance(args.Context)),
                    })
                    // Inside the circuit breaker, so that the breaker counts what the client got, not each
                    // attempt: a call that met a dead silo and then succeeded on a live one is a success.
                    .AddRetry(new RetryStrategyOptions
                    {
                        ShouldHandle = args => ValueTask.FromResult(
                            ClusterCalls.IsIdempotent(args.Context) && !args.Context.CancellationToken.IsCancellationRequested
                            && TransientClusterFailure.Is(args.Outcome.Exception)),
                        MaxRetryAttempts = int.MaxValue, // bounded by the deadline above
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = settings.RetryDelay,
                        MaxDelay = settings.MaxRetryDelay,
                        OnRetry = args =>
                        {
                            // Waiting out a crashed silo is not load on the cluster: the call gives back its place.
                            ReturnablePermit.GiveBack(args.Context);
                            ClusterCalls.CountRetry(service);
                            logger.LogDebug("Retrying a call to {Service} (attempt {Attempt}) after {Failure}", service, args.AttemptNumber + 1,
                                args.Outcome.Exception?.GetType().Name);
                            return ValueTask.CompletedTask;
                        },
                    })
                    .AddTimeout(new TimeoutStrategyOptions
                    {
                        // Each attempt; a long poll asks for more time than an ordinary call, through its context.
                        TimeoutGenerator = args => ValueTask.FromResult(settings.Timeout + ClusterCalls.Allowance(args.Context)),
                    });
            });
        }

        return services;
    }
}
