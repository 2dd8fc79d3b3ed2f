using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Shop.Grains.Events;
using Shop.Grains.Security;
using Shop.Inventory;
using Shop.Orders;
using Shop.Users;

namespace Shop.Grains.Orders;

/// <summary>
/// The order and the start of the saga. Every state change that others must hear about is stored
/// together with its event (outbox) and published after the write, on the stream of the order's
/// partition. The Pending order is stored by the user's order index, in the write that admits it and
/// marks it open (<see cref="PlacedOrder"/>), so placing costs the order no write; its first write
/// is the one that settles it. An activation that finds nothing stored takes the Pending order over
/// from the index when a caller names the user (the saga, reconciliation, the owner's reads).
/// Reconciliation (<see cref="Reconcile(PlacedOrder?)"/>) publishes what the order still owes and
/// sweeps it once it settled. The order is never re-published otherwise (not on activation), so a
/// repeat of an event can only come while the order is open: the window the consumers' dedupe
/// records cover.
/// </summary>
public sealed class OrderGrain(
    [PersistentState("order", StorageNames.Orders)] IPersistentState<OrderState> state,
    IOptions<OrderOptions> options,
    IOptions<OrderStreamOptions> streams,
    TimeProvider clock,
    ShopMetrics metrics,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain, IRemindable
{
    /// <summary>The per-order reminder of earlier versions: still honoured for orders that hold one.</summary>
    public const string LegacyReconcileReminder = "reconcile";
    private readonly OrderOptions _options = options.Value;
    private IAsyncStream<OrderEvent>? _stream;
    private IGrainTimer? _outboxRetry;
    // What the long polls see: the order as last written (they interleave with the order's other
    // calls, so they must never see a change whose write has not finished), and the moment it
    // leaves Pending.
    private OrderSnapshot? _written;
    private TaskCompletionSource? _leftPending;

    private OrderState Order => state.State;
    private Guid OrderId => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _written = Order.Placed ? ToSnapshot() : null;
        return Task.CompletedTask;
    }

    public async Task<PlaceOrderResult> Place(PlaceOrder request)
    {
        // The hint was for this activation's read; the calls and events that follow must not carry it.
        NewOrderHint.Clear();
        // Object-level check: an order is placed only for the user the call is made for.
        if (!VerifiedCaller.MayAccess(request.UserId))
        {
            throw new Shop.Security.CallDeniedException("An order can only be placed for the calling user.");
        }

        if (Order.Placed)
        {
            return AnswerRepeat(request.UserId, OrderValidation.Fingerprint(request));
        }

        if (OrderValidation.FindError(request) is { } error)
        {
            return new PlaceOrderResult(PlaceOrderOutcome.Invalid, null, error);
        }

        // The lines' prices and the recipient are read once here and carried by the events, so no
        // consumer has to call back to ask.
        var pricing = PriceLines(request.Items);
        var recipient = GrainFactory.GetGrain<IUserGrain>(request.UserId).GetProfile();
        await Task.WhenAll(pricing, recipient);
        var (lines, profile) = (await pricing, await recipient);
        var now = clock.GetUtcNow();
        var total = lines.Sum(l => l.UnitPrice * l.Quantity);
        var placed = new PlacedOrder(
            new OrderCreated(OrderId, request.UserId, now, lines, total) { TraceParent = Activity.Current?.Id },
            OrderValidation.Fingerprint(request),
            profile is null ? null : new Recipient(profile.Email, profile.Name));
        // Admission, and the order's durable record with the event it owes, in one write of the
        // user's index: that write happens anyway (the limits, the open mark that reconciliation
        // follows after a crash), so the order writes nothing of its own until it settles. A user
        // with too many orders still pending places nothing.
        var admission = await GrainFactory.GetGrain<IUserOrdersGrain>(request.UserId).Admit(placed);
        switch (admission.Outcome)
        {
            case OrderAdmission.TooManyPending:
                return new PlaceOrderResult(PlaceOrderOutcome.TooManyPending, null,
                    $"You have {OrderRules.MaxPendingOrdersPerUser} orders waiting for confirmation; place more once they are settled.");
            case OrderAdmission.OverOrderLimit:
                return new PlaceOrderResult(PlaceOrderOutcome.OverOrderLimit, null, admission.Reason);
        }

        if (admission.Earlier is { } earlier)
        {
            // A retry of a placement that was stored (and may have been answered): the stored one stands.
            TakeOver(earlier);
            await PublishOutbox();
            return AnswerRepeat(request.UserId, placed.Fingerprint);
        }

        TakeOver(placed);
        metrics.OrderReached(OrderStatus.Pending);
        await PublishOutbox();
        return new PlaceOrderResult(PlaceOrderOutcome.Created, ToSnapshot(), null);
    }

    /// <summary>
    /// A placement under the id of an order placed before: same user and same lines is a retry,
    /// answered with the order; anything else reusing this id is a conflict, and another user's
    /// order is never revealed.
    /// </summary>
    private PlaceOrderResult AnswerRepeat(Guid userId, string fingerprint) =>
        userId == Order.UserId && fingerprint == Order.Fingerprint
            ? new PlaceOrderResult(PlaceOrderOutcome.AlreadyPlaced, ToSnapshot(), null)
            : new PlaceOrderResult(PlaceOrderOutcome.IdempotencyConflict, null, "This idempotency key was used for a different order.");

    /// <summary>Only the owner, an admin or the saga sees the order; anyone else is told it does not exist.</summary>
    public async Task<OrderSnapshot?> Get() =>
        await Find(VerifiedCaller.Current?.UserId) && VerifiedCaller.MayAccess(Order.UserId) ? ToSnapshot() : null;

    public async Task<OrderSnapshot?> WaitWhilePending(TimeSpan maxWait)
    {
        await Find(VerifiedCaller.Current?.UserId);
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

    public Task<bool> Confirm() => ConfirmPending();

    public async Task<bool> Confirm(Guid userId)
    {
        await Find(userId);
        return await ConfirmPending();
    }

    private async Task<bool> ConfirmPending()
    {
        if (!Order.Placed || Order.Status != OrderStatus.Pending)
        {
            return Order.Placed && Order.Status == OrderStatus.Confirmed;
        }

        await Raise(OrderStatus.Confirmed, null, clock.GetUtcNow(),
            at => new OrderConfirmed(OrderId, Order.UserId, at, Order.Items, Order.Total) { Recipient = Order.Recipient });
        return true;
    }

    public Task<bool> Reject(string reason) => RejectPending(reason);

    public async Task<bool> Reject(Guid userId, string reason)
    {
        await Find(userId);
        return await RejectPending(reason);
    }

    private async Task<bool> RejectPending(string reason)
    {
        if (!Order.Placed || Order.Status != OrderStatus.Pending)
        {
            return Order.Placed && Order.Status == OrderStatus.Rejected;
        }

        await Raise(OrderStatus.Rejected, reason, clock.GetUtcNow(), at => new OrderRejected(OrderId, Order.UserId, at, reason) { Items = Order.Items });
        return true;
    }

    public async Task<CancelOrderResult> Cancel()
    {
        if (!await Find(VerifiedCaller.Current?.UserId) || !VerifiedCaller.MayAccess(Order.UserId))
        {
            return new CancelOrderResult(CancelOrderOutcome.NotFound, null);
        }

        if (Order.Status is not (OrderStatus.Pending or OrderStatus.Confirmed))
        {
            return new CancelOrderResult(CancelOrderOutcome.NotCancellable, ToSnapshot());
        }

        // Open again before the write, as at placement: the cancellation's event must reach its consumers.
        await GrainFactory.GetGrain<IUserOrdersGrain>(Order.UserId).Reopen(OrderId);
        var previous = Order.Status;
        // Released before publishing so the answer already shows the stock back; the inventory
        // consumer releases again on OrderCancelled (idempotent), which covers a crash in between.
        await Raise(OrderStatus.Cancelled, null, clock.GetUtcNow(),
            at => new OrderCancelled(OrderId, Order.UserId, at, Order.Items, Order.Total, previous),
            beforePublishing: () => Task.WhenAll(Order.Items.Select(l => GrainFactory.GetGrain<IProductGrain>(l.Sku).Release(OrderId))));
        return new CancelOrderResult(CancelOrderOutcome.Cancelled, ToSnapshot());
    }

    public Task<bool> Reconcile() => Reconcile(placed: null);

    public async Task<bool> Reconcile(PlacedOrder? placed)
    {
        // Pending, and this activation began after the one that placed it: the index's record is
        // the order, and what it owes is published below.
        TakeOverIfNothingStored(placed);
        if (!Order.Placed)
        {
            return true;
        }

        if (Order.OwesEvents)
        {
            await PublishOutbox();
            return false;
        }

        if (Order.Status == OrderStatus.Pending)
        {
            if (clock.GetUtcNow() - Order.UpdatedAt >= _options.RepublishPendingAfter)
            {
                logger.LogWarning("Order {OrderId} still Pending since {Since}: re-publishing OrderCreated", OrderId, Order.UpdatedAt);
                await Stream().OnNextAsync(Order.Events[0]);
            }

            return false;
        }

        if (!_options.SweepSettled)
        {
            return true;
        }

        if (clock.GetUtcNow() - Order.UpdatedAt < _options.SweepAfter)
        {
            return false;
        }

        // Settled: publish the events of its last change once more, in case the stream lost one it
        // had acknowledged; consumers ignore what they have handled. Only the last change's: earlier
        // ones were swept when they settled, and may be older than the consumers remember. Each call
        // sweeps: the user's index asks once, and again only if the cluster lost a silo that could
        // have held this sweep (SweepWatch).
        var stream = Stream();
        foreach (var evt in Order.Events.Skip(LastChangeStart()))
        {
            await stream.OnNextAsync(evt with { Replay = true });
        }

        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Orders placed by an earlier version hold a reminder of their own until they are reconciled.
        if (reminderName == LegacyReconcileReminder && await Reconcile() && await this.GetReminder(LegacyReconcileReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>
    /// The one way a status changes: the new status and its event are written together (the event
    /// is then owed), the long polls see it, something may happen before the event goes out, and the
    /// event is published. Metrics count only what was stored. Once a settled order has published
    /// everything, its user's index hears of it (one-way: nobody waits for that).
    /// </summary>
    private async Task Raise(OrderStatus status, string? reason, DateTimeOffset now, Func<DateTimeOffset, OrderEvent> raise, Func<Task>? beforePublishing = null)
    {
        Order.Status = status;
        Order.Reason = reason;
        Order.UpdatedAt = now;
        Order.Events.Add(raise(now) with { TraceParent = Activity.Current?.Id });
        await state.WriteStateAsync();
        metrics.OrderReached(status);
        _written = ToSnapshot();
        if (status != OrderStatus.Pending)
        {
            _leftPending?.TrySetResult();
            _leftPending = null;
        }

        if (beforePublishing is not null)
        {
            await beforePublishing();
        }

        await PublishOutbox();
    }

    /// <summary>
    /// Makes the Pending order of <paramref name="placed"/> this activation's state, as its own
    /// record would have held it had it been written at placement: Pending, owing its OrderCreated.
    /// Nothing is written; the order's first write is the one that settles it.
    /// </summary>
    private void TakeOver(PlacedOrder placed)
    {
        var created = placed.Created;
        Order.Placed = true;
        Order.UserId = created.UserId;
        Order.Items = [.. created.Items];
        Order.Total = created.Total;
        Order.Fingerprint = placed.Fingerprint;
        Order.CreatedAt = created.OccurredAt;
        Order.UpdatedAt = created.OccurredAt;
        Order.Recipient = placed.Recipient;
        Order.Status = OrderStatus.Pending;
        Order.Reason = null;
        Order.Events = [created];
        Order.Published = 0;
        _written = ToSnapshot();
    }

    /// <summary>The index's record of this order, for an activation that holds no order.</summary>
    private void TakeOverIfNothingStored(PlacedOrder? placed)
    {
        if (!Order.Placed && placed is not null && placed.OrderId == OrderId)
        {
            TakeOver(placed);
        }
    }

    /// <summary>
    /// True when the order exists. An activation that finds nothing stored asks the user's index
    /// (when it knows the user) for the record of a Pending order placed by an earlier activation.
    /// </summary>
    private async Task<bool> Find(Guid? userId)
    {
        if (Order.Placed || userId is not { } user)
        {
            return Order.Placed;
        }

        // The check is made again after the call: a long poll interleaves, so another call may have found it meanwhile.
        TakeOverIfNothingStored(await GrainFactory.GetGrain<IUserOrdersGrain>(user).FindPlaced(OrderId));
        return Order.Placed;
    }

    /// <summary>Where the events of the order's last change begin: after the event that settled it before, if any.</summary>
    private int LastChangeStart()
    {
        var settling = Order.Events.Select((e, i) => (e, i)).Where(x => x.e is not OrderCreated).Select(x => x.i).ToArray();
        return settling.Length >= 2 ? settling[^2] + 1 : 0;
    }

    /// <summary>Prices each line at the catalog price of the moment; an unknown sku is priced 0 and rejected by the saga.</summary>
    private async Task<List<OrderLine>> PriceLines(IReadOnlyList<OrderLineRequest> items)
    {
        var details = await Task.WhenAll(items.Select(l => GrainFactory.GetGrain<IProductGrain>(l.Sku).GetDetails()));
        return [.. items.Select((l, i) => new OrderLine(l.Sku, l.Quantity, details[i]?.Price ?? 0m))];
    }

    private IAsyncStream<OrderEvent> Stream() => _stream ??= this.GetStreamProvider(ShopStreams.Provider)
        .GetStream<OrderEvent>(OrderEventStream.ForOrder(OrderId, streams.Value.Partitions));

    /// <summary>
    /// Publishes owed events in order; what could not be published stays owed and is retried.
    /// <see cref="OrderState.Published"/> is not written for this: it is stored with the next
    /// transition's write, and the events since are published again by reconciliation (consumers
    /// are idempotent), so publishing costs no write of its own.
    /// </summary>
    private async Task PublishOutbox()
    {
        var published = Order.Published;
        try
        {
            var stream = Stream();
            while (Order.OwesEvents)
            {
                await stream.OnNextAsync(Order.Events[Order.Published]);
                Order.Published++;
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Order {OrderId}: publishing owed events failed; retrying in {Delay}", OrderId, _options.OutboxRetryDelay);
        }

        if (Order.Published > published && !Order.OwesEvents && Order.Status != OrderStatus.Pending)
        {
            // Settled and published (by the transition, its retry timer or reconciliation): the
            // user's index frees the pending slot, and a rejected or cancelled order stops counting
            // against the hoarding limits. A lost notice (its silo died) holds the pending slot until
            // reconciliation finds the order settled, and leaves a rejected order counted for its
            // 24 hours: it errs towards refusing, never towards letting a hoarder through.
            GrainFactory.GetGrain<IUserOrdersGrain>(Order.UserId).Settled(OrderId, Order.Status).Ignore();
        }

        ScheduleOutboxRetry();
    }

    private void ScheduleOutboxRetry()
    {
        if (!Order.OwesEvents)
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
        new(OrderId, Order.UserId, Order.Items.ToArray(), Order.Total, Order.Status, Order.Reason, Order.CreatedAt, Order.UpdatedAt);
}
