using Shop.Hosting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Shop.Gateway.Resilience;

public static class ResilienceSetup
{
    /// <summary>
    /// One Polly pipeline per downstream service: a circuit breaker around a timeout, so timeouts count
    /// as failures and one failing service opens only its own circuit.
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
                pipeline
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
                    .AddTimeout(new TimeoutStrategyOptions
                    {
                        // A long poll asks for more time than an ordinary call, through its context.
                        TimeoutGenerator = args => ValueTask.FromResult(
                            settings.Timeout + args.Context.Properties.GetValue(ClusterCalls.TimeoutAllowance, TimeSpan.Zero)),
                    });
            });
        }

        return services;
    }
}
