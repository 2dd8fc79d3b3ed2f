using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;
using Shop.Orders;

namespace Shop.Grains.Events;

/// <summary>
/// Base of every grain that reacts to order events. Subclasses carry
/// <c>[ImplicitStreamSubscription(ShopStreams.OrderEventsNamespace)]</c>, so the stream runtime
/// activates one consumer per partition, which lives as long as its partition is busy; the order
/// grain does not know they exist. Events arrive in batches: the orders of a batch are handled
/// concurrently, the events of one order one after the other (<see cref="EventBatch"/>), and the
/// delivery completes only after <see cref="Completed"/> (a consumer that keeps state stores it
/// there, once per batch). A failing event is retried with exponential backoff a bounded number of
/// times and then parked (logged and counted), so one poison event never blocks its partition for
/// long; the order's reconciliation re-publishes what a consumer gave up on.
/// </summary>
public abstract class OrderEventConsumer : Grain, IStreamSubscriptionObserver, IAsyncBatchObserver<OrderEvent>
{
    /// <summary>Spans of event handling (source "Shop.Events"), children of the span that raised the event.</summary>
    public static readonly ActivitySource Tracing = new("Shop.Events");

    private readonly ConsumerOptions _options;
    private readonly ShopMetrics _metrics;

    protected OrderEventConsumer(IOptions<ConsumerOptions> options, ShopMetrics metrics, ILogger logger)
    {
        _options = options.Value;
        _metrics = metrics;
        Logger = logger;
    }

    protected ILogger Logger { get; }

    /// <summary>The partition this consumer serves.</summary>
    protected int Partition => (int)this.GetPrimaryKeyLong();

    /// <summary>Handles one event. Must be idempotent: delivery is at least once.</summary>
    protected abstract Task Handle(OrderEvent evt);

    /// <summary>After every event of a delivery was handled (or parked): store what the batch changed, if anything.</summary>
    protected virtual Task Completed() => Task.CompletedTask;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<OrderEvent>().ResumeAsync(this);

    public async Task OnNextAsync(IList<SequentialItem<OrderEvent>> items)
    {
        var orders = EventBatch.ByOrder(items.Select(i => i.Item));
        await Task.WhenAll(orders.Select(HandleInOrder));
        await Completed();
    }

    private async Task HandleInOrder(IReadOnlyList<OrderEvent> events)
    {
        foreach (var evt in events)
        {
            await HandleWithRetries(evt);
        }
    }

    private async Task HandleWithRetries(OrderEvent item)
    {
        var consumer = GetType().Name;
        using var span = Tracing.StartActivity($"{consumer} {item.Kind}", ActivityKind.Consumer, parentId: item.TraceParent);
        span?.SetTag("shop.order_id", item.OrderId);
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Handle(item);
                return;
            }
            catch (Exception ex) when (attempt < _options.MaxAttempts || (IsOutage(ex) && Stopwatch.GetElapsedTime(started) < _options.RetryOutagesFor))
            {
                var doubled = _options.FirstRetryDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
                var delay = doubled < _options.MaxRetryDelay ? doubled : _options.MaxRetryDelay;
                _metrics.EventsRetried.Add(1, new TagList { { "consumer", consumer }, { "kind", item.Kind } });
                Logger.LogWarning(ex, "{Consumer}: attempt {Attempt} on {Kind} of order {OrderId} failed; retrying in {Delay}",
                    consumer, attempt, item.Kind, item.OrderId, delay);
                await Task.Delay(delay);
            }
            catch (Exception ex)
            {
                _metrics.EventsParked.Add(1, new TagList { { "consumer", consumer }, { "kind", item.Kind } });
                Logger.LogError(ex, "{Consumer}: PARKED {Kind} of order {OrderId} after {Attempts} attempts",
                    consumer, item.Kind, item.OrderId, attempt);
                return;
            }
        }
    }

    /// <summary>A failure of the infrastructure rather than of the event: worth waiting out.</summary>
    private static bool IsOutage(Exception ex) => ex is StorageUnavailableException or TimeoutException
        or SiloUnavailableException or OrleansMessageRejectionException;

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        Logger.LogError(ex, "{Consumer}: stream error", GetType().Name);
        return Task.CompletedTask;
    }
}
