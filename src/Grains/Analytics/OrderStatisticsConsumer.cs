using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Analytics;
using Shop.Grains.Events;
using Shop.Grains.Storage;
using Shop.Orders;

namespace Shop.Grains.Analytics;

/// <summary>
/// Counts the order events of one partition: each (order, kind) once. The counters and the record
/// of what was counted since the last seal are one state, written once per delivery at most every
/// <see cref="StatisticsOptions.FlushInterval"/>, and a delivery completes only after that write, so
/// an event is either counted and remembered or neither (a failed write discards the activation and
/// the stream delivers the batch again). Counted events are remembered for
/// <see cref="StatisticsOptions.DedupeWindow"/> of running time: bounded, instead of a marker per order.
/// Every <see cref="StatisticsOptions.SealInterval"/> the record moves into a history of its own,
/// written only then, so the state written per flush stays small: after the counters and the record
/// are stored, the record is merged into the history and the history stored, and only the next flush
/// stores the record emptied, so an event is remembered in one state or both, never in neither.
/// </summary>
[ImplicitStreamSubscription(ShopStreams.OrderEventsNamespace)]
public sealed class OrderStatisticsConsumer : OrderEventConsumer, IOrderStatisticsConsumer
{
    private readonly IPersistentState<PartitionStatisticsState> _state;
    private readonly IPersistentState<PartitionCountedHistory> _history;
    private readonly StatisticsOptions _options;
    private readonly TimeProvider _clock;
    private readonly GroupCommit _commit;
    private StatisticsCounters _stored = new();
    private long _lastTick;
    private bool _changed;

    public OrderStatisticsConsumer(
        [PersistentState("partition-stats", StorageNames.Analytics)] IPersistentState<PartitionStatisticsState> state,
        [PersistentState("partition-stats-history", StorageNames.Analytics)] IPersistentState<PartitionCountedHistory> history,
        IOptions<StatisticsOptions> statistics,
        IOptions<ConsumerOptions> options,
        TimeProvider clock,
        ShopMetrics metrics,
        ILogger<OrderStatisticsConsumer> logger) : base(options, metrics, logger)
    {
        _state = state;
        _history = history;
        _options = statistics.Value;
        _clock = clock;
        _commit = new GroupCommit(Write, _options.FlushInterval, clock);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // What the last seal moved into the history but no flush has yet stored emptied (a crash or
        // a deactivation in between): known there, so dropped here and stored emptied by the next flush.
        var history = _history.State.Counted;
        foreach (var (orderId, counted) in _state.State.Counted)
        {
            if (history.TryGetValue(orderId, out var sealedEntry) && (sealedEntry.Kinds & counted.Kinds) == counted.Kinds)
            {
                _state.State.Counted.Remove(orderId);
            }
        }

        _stored = _state.State.Counters.Copy();
        _lastTick = _clock.GetTimestamp();
        return Task.CompletedTask;
    }

    public Task<StatisticsCounters> GetCounters() => Task.FromResult(_stored);

    protected override Task Handle(OrderEvent evt)
    {
        var flag = EventKinds.Flag(evt.Kind);
        var counted = _state.State.Counted;
        if (!counted.TryGetValue(evt.OrderId, out var known) && !_history.State.Counted.TryGetValue(evt.OrderId, out known))
        {
            known = new CountedEvents(0, _state.State.RunningTime);
        }

        if (flag == 0 || (known.Kinds & flag) != 0 || ToDelta(evt) is not { } delta)
        {
            return Task.CompletedTask;
        }

        _state.State.Counters.Apply(delta);
        counted[evt.OrderId] = known with { Kinds = known.Kinds | flag };
        _changed = true;
        return Task.CompletedTask;
    }

    protected override Task Completed()
    {
        if (!_changed)
        {
            // Nothing new (repeats only): still answered only once what they repeat is stored.
            return _commit.WhenStored();
        }

        _changed = false;
        return _commit.Commit();
    }

    private async Task Write()
    {
        var state = _state.State;
        var now = _clock.GetTimestamp();
        var step = _clock.GetElapsedTime(_lastTick, now);
        _lastTick = now;
        state.RunningTime += step < _options.DedupeWindow / 4 ? step : _options.DedupeWindow / 4;
        var forgetBefore = state.RunningTime - _options.DedupeWindow;
        Forget(state.Counted, forgetBefore);

        var counters = state.Counters.Copy();
        await _state.WriteStateAsync();
        _stored = counters;

        if (state.Counted.Count > 0 && state.RunningTime - state.SealedAt >= _options.SealInterval)
        {
            await Seal(forgetBefore);
        }
    }

    /// <summary>
    /// Moves what was counted since the last seal into the history, once the counters that count it
    /// are stored; the record is stored emptied by the next flush (until then both hold it).
    /// </summary>
    private async Task Seal(TimeSpan forgetBefore)
    {
        var state = _state.State;
        var history = _history.State.Counted;
        foreach (var (orderId, counted) in state.Counted)
        {
            history[orderId] = history.TryGetValue(orderId, out var earlier)
                ? earlier with { Kinds = earlier.Kinds | counted.Kinds }
                : counted;
        }

        Forget(history, forgetBefore);
        await _history.WriteStateAsync();
        state.Counted.Clear();
        state.SealedAt = state.RunningTime;
    }

    private static void Forget(Dictionary<Guid, CountedEvents> counted, TimeSpan before)
    {
        foreach (var (orderId, entry) in counted)
        {
            if (entry.FirstCountedAt < before)
            {
                counted.Remove(orderId);
            }
        }
    }

    private static StatsDelta? ToDelta(OrderEvent evt) => evt switch
    {
        OrderCreated => new StatsDelta(1, 0, 0, 0, 0m, []),
        OrderConfirmed c => new StatsDelta(0, 1, 0, 0, c.Total, [.. c.Items.Select(l => new ProductSales(l.Sku, l.Quantity))]),
        OrderRejected => new StatsDelta(0, 0, 1, 0, 0m, []),
        // A confirmed order that is cancelled gives its revenue and units back.
        OrderCancelled { PreviousStatus: OrderStatus.Confirmed } x =>
            new StatsDelta(0, 0, 0, 1, -x.Total, [.. x.Items.Select(l => new ProductSales(l.Sku, -l.Quantity))]),
        OrderCancelled => new StatsDelta(0, 0, 0, 1, 0m, []),
        _ => null,
    };
}
