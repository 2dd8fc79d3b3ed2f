using Shop.Grains.Security;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Shop.Inventory;
using Shop.Orders;

namespace Shop.Grains.Orders;

/// <summary>
/// The order and the start of the saga. Every state change that others must hear about is written
/// together with its event (outbox) and published after the write. Owed events are republished on
/// activation and by a timer; a durable reminder, held while the order is unsettled, reactivates it
/// after a crash, re-publishes OrderCreated for an order left Pending, and re-publishes every event
/// once after the order settles (consumers are idempotent), so a lost event is always repaired.
/// </summary>
public sealed class OrderGrain(
    [PersistentState("order", StorageNames.Orders)] IPersistentState<OrderState> state,
    IOptions<OrderOptions> options,
    TimeProvider clock,
    ShopMetrics metrics,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain, IRemindable
{
    public const string ReconcileReminder = "reconcile";
    private readonly OrderOptions _options = options.Value;
    private IGrainTimer? _outboxRetry;
    private IGrainTimer? _reconcileTimer;
    // What the long polls see: the order as last written (they interleave with the order's other
    // calls, so they must never see a change whose write has not finished), and the moment it
    // leaves Pending.
    private OrderSnapshot? _written;
    private TaskCompletionSource? _leftPending;

    private OrderState S => state.State;
    private Guid OrderId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _written = S.Placed ? ToSnapshot() : null;
        if (S.OwesEvents)
        {
            await PublishOutbox();
        }
    }

    public async Task<PlaceOrderResult> Place(PlaceOrder request)
    {
        // Object-level check: an order is placed only for the user the call is made for.
        if (!VerifiedCaller.MayAccess(request.UserId))
        {
            throw new Shop.Security.CallDeniedException("An order can only be placed for the calling user.");
        }

        if (S.Placed)
        {
            // Same user and same lines: a retry. Anything else reusing this id is a conflict, and
            // another user's order is never revealed.
            return request.UserId == S.UserId && OrderValidation.Fingerprint(request) == S.Fingerprint
                ? new PlaceOrderResult(PlaceOrderOutcome.AlreadyPlaced, ToSnapshot(), null)
                : new PlaceOrderResult(PlaceOrderOutcome.IdempotencyConflict, null, "This idempotency key was used for a different order.");
        }

        if (OrderValidation.FindError(request) is { } error)
        {
            return new PlaceOrderResult(PlaceOrderOutcome.Invalid, null, error);
        }

        var lines = await PriceLines(request.Items);
        var now = clock.GetUtcNow();
        // Admission first: a user with too many orders still pending places nothing. An index entry
        // whose order was never written (a crash right after) is skipped when the list is read.
        if (!await GrainFactory.GetGrain<IUserOrdersGrain>(request.UserId).Add(OrderId, now))
        {
            return new PlaceOrderResult(PlaceOrderOutcome.TooManyPending, null,
                $"You have {OrderRules.MaxPendingOrdersPerUser} orders waiting for confirmation; place more once they are settled.");
        }

        // Before the first write: once the order exists, something durable must bring it back.
        await StartReconciling();

        S.Placed = true;
        S.UserId = request.UserId;
        S.Items = lines;
        S.Total = lines.Sum(l => l.UnitPrice * l.Quantity);
        S.Fingerprint = OrderValidation.Fingerprint(request);
        S.CreatedAt = now;
        Transition(OrderStatus.Pending, null, now);
        S.Events.Add(new OrderCreated(OrderId, S.UserId, now, lines, S.Total) { TraceParent = Activity.Current?.Id });
        await state.WriteStateAsync();
        await Written();

        await PublishOutbox();
        return new PlaceOrderResult(PlaceOrderOutcome.Created, ToSnapshot(), null);
    }

    /// <summary>Only the owner, an admin or the saga sees the order; anyone else is told it does not exist.</summary>
    public Task<OrderSnapshot?> Get() => Task.FromResult(S.Placed && VerifiedCaller.MayAccess(S.UserId) ? ToSnapshot() : null);

    public async Task<OrderSnapshot?> WaitWhilePending(TimeSpan maxWait)
    {
        if (_written is not { } order || !VerifiedCaller.MayAccess(order.UserId))
        {
            return null;
        }

        if (order.Status == OrderStatus.Pending)
        {
            var wait = TimeSpan.FromTicks(Math.Clamp(maxWait.Ticks, 0, TimeSpan.FromSeconds(OrderRules.MaxWaitSeconds).Ticks));
            _leftPending ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await Task.WhenAny(_leftPending.Task, Task.Delay(wait, clock));
        }

        return _written;
    }

    public async Task<bool> Confirm()
    {
        if (!S.Placed || S.Status != OrderStatus.Pending)
        {
            return S.Placed && S.Status == OrderStatus.Confirmed;
        }

        var now = Transition(OrderStatus.Confirmed, null, clock.GetUtcNow());
        S.Events.Add(new OrderConfirmed(OrderId, S.UserId, now, S.Items, S.Total) { TraceParent = Activity.Current?.Id });
        await state.WriteStateAsync();
        await Written();
        await PublishOutbox();
        return true;
    }

    public async Task<bool> Reject(string reason)
    {
        if (!S.Placed || S.Status != OrderStatus.Pending)
        {
            return S.Placed && S.Status == OrderStatus.Rejected;
        }

        var now = Transition(OrderStatus.Rejected, reason, clock.GetUtcNow());
        S.Events.Add(new OrderRejected(OrderId, S.UserId, now, reason) { TraceParent = Activity.Current?.Id });
        await state.WriteStateAsync();
        await Written();
        await PublishOutbox();
        return true;
    }

    public async Task<CancelOrderResult> Cancel()
    {
        if (!S.Placed || !VerifiedCaller.MayAccess(S.UserId))
        {
            return new CancelOrderResult(CancelOrderOutcome.NotFound, null);
        }

        if (S.Status is not (OrderStatus.Pending or OrderStatus.Confirmed))
        {
            return new CancelOrderResult(CancelOrderOutcome.NotCancellable, ToSnapshot());
        }

        await StartReconciling();
        var previous = S.Status;
        var now = Transition(OrderStatus.Cancelled, null, clock.GetUtcNow());
        S.Events.Add(new OrderCancelled(OrderId, S.UserId, now, S.Items, S.Total, previous) { TraceParent = Activity.Current?.Id });
        await state.WriteStateAsync();
        await Written();

        // Released here so the answer already shows the stock back; the inventory consumer
        // releases again on OrderCancelled (idempotent), which covers a crash right here.
        await Task.WhenAll(S.Items.Select(l => GrainFactory.GetGrain<IProductGrain>(l.Sku).Release(OrderId)));
        await PublishOutbox();
        return new CancelOrderResult(CancelOrderOutcome.Cancelled, ToSnapshot());
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReconcileReminder ? Reconcile() : Task.CompletedTask;

    /// <summary>One tick of reconciliation, from the reminder or (embedded mode) the timer.</summary>
    private async Task Reconcile()
    {
        if (!S.Placed)
        {
            await StopReconciling();
        }
        else if (S.Status == OrderStatus.Pending)
        {
            if (S.OwesEvents)
            {
                await PublishOutbox();
            }
            else if (clock.GetUtcNow() - S.UpdatedAt >= _options.RepublishPendingAfter)
            {
                logger.LogWarning("Order {OrderId} still Pending since {Since}: re-publishing OrderCreated", OrderId, S.UpdatedAt);
                await Stream().OnNextAsync(S.Events[0]);
            }
        }
        else
        {
            // Settled: publish the whole history once more (owed events included), in case the
            // stream lost an event that was acknowledged; consumers ignore what they have already
            // handled. Then the reminder goes: should that fail, the next tick sweeps again, which
            // is harmless, so the sweep needs no write of its own.
            if (_options.SweepSettled)
            {
                var stream = Stream();
                foreach (var evt in S.Events)
                {
                    await stream.OnNextAsync(evt);
                }

                S.Published = S.Events.Count;
                ScheduleOutboxRetry();
            }
            else if (S.OwesEvents)
            {
                await PublishOutbox();
                if (S.OwesEvents)
                {
                    return; // Not yet published: the reminder stays and tries again.
                }
            }

            await StopReconciling();
        }
    }

    private async Task StartReconciling()
    {
        if (_options.DurableReconciliation)
        {
            await this.RegisterOrUpdateReminder(ReconcileReminder, _options.ReconcilePeriod, _options.ReconcilePeriod);
        }
        else
        {
            _reconcileTimer ??= this.RegisterGrainTimer(static (grain, _) => grain.Reconcile(), this,
                new GrainTimerCreationOptions(_options.ReconcilePeriod, _options.ReconcilePeriod));
        }
    }

    private async Task StopReconciling()
    {
        _reconcileTimer?.Dispose();
        _reconcileTimer = null;
        if (_options.DurableReconciliation && await this.GetReminder(ReconcileReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// After each write of a transition: what the long polls may now see; once the order left
    /// Pending they answer, and the order stops counting against its user's pending cap.
    /// </summary>
    private async Task Written()
    {
        _written = ToSnapshot();
        if (_written.Status == OrderStatus.Pending)
        {
            return;
        }

        _leftPending?.TrySetResult();
        _leftPending = null;
        try
        {
            await GrainFactory.GetGrain<IUserOrdersGrain>(S.UserId).Settled(OrderId);
        }
        catch (Exception ex)
        {
            // The transition is written; a missed notice only holds one pending slot until the
            // user's index grain is reactivated.
            logger.LogWarning(ex, "Order {OrderId}: could not release its pending slot", OrderId);
        }
    }

    private DateTimeOffset Transition(OrderStatus status, string? reason, DateTimeOffset now)
    {
        S.Status = status;
        S.Reason = reason;
        S.UpdatedAt = now;
        S.History.Add(new StatusChange(status, now, reason));
        metrics.OrderReached(status);
        return now;
    }

    /// <summary>Prices each line at the catalog price of the moment; an unknown sku is priced 0 and rejected by the saga.</summary>
    private async Task<List<OrderLine>> PriceLines(IReadOnlyList<OrderLineRequest> items)
    {
        var details = await Task.WhenAll(items.Select(l => GrainFactory.GetGrain<IProductGrain>(l.Sku).GetDetails()));
        return [.. items.Select((l, i) => new OrderLine(l.Sku, l.Quantity, details[i]?.Price ?? 0m))];
    }

    private IAsyncStream<OrderEvent> Stream() => this.GetStreamProvider(ShopStreams.Provider)
        .GetStream<OrderEvent>(StreamId.Create(ShopStreams.OrdersNamespace, OrderId));

    /// <summary>
    /// Publishes owed events in order; what could not be published stays owed and is retried.
    /// <see cref="OrderState.Published"/> is not written for this: it is stored with the next
    /// transition's write, and after a restart the events since are published again (consumers are
    /// idempotent), so publishing costs no write of its own.
    /// </summary>
    private async Task PublishOutbox()
    {
        try
        {
            var stream = Stream();
            while (S.OwesEvents)
            {
                await stream.OnNextAsync(S.Events[S.Published]);
                S.Published++;
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Order {OrderId}: publishing owed events failed; retrying in {Delay}", OrderId, _options.OutboxRetryDelay);
        }

        ScheduleOutboxRetry();
    }

    private void ScheduleOutboxRetry()
    {
        if (!S.OwesEvents)
        {
            _outboxRetry?.Dispose();
            _outboxRetry = null;
            return;
        }

        _outboxRetry ??= this.RegisterGrainTimer(
            static (grain, _) => grain.PublishOutbox(),
            this,
            new GrainTimerCreationOptions(_options.OutboxRetryDelay, _options.OutboxRetryDelay));
    }

    private OrderSnapshot ToSnapshot() =>
        new(OrderId, S.UserId, S.Items.ToArray(), S.Total, S.Status, S.Reason, S.CreatedAt, S.UpdatedAt);
}
