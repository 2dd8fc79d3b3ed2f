using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Shop.Inventory;
using Shop.Orders;

namespace Shop.Grains.Orders;

/// <summary>
/// The order and the start of the saga. Every state change that others must hear about is written
/// together with its event (outbox) and published after the write; events still owed are
/// republished on activation and retried by a timer, so an accepted order is never silent.
/// </summary>
public sealed class OrderGrain(
    [PersistentState("order", StorageNames.Orders)] IPersistentState<OrderState> state,
    TimeProvider clock,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain
{
    private static readonly TimeSpan OutboxRetryDelay = TimeSpan.FromSeconds(2);
    private IGrainTimer? _outboxRetry;

    private OrderState S => state.State;
    private Guid OrderId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Outbox.Count > 0)
        {
            await PublishOutbox();
        }
    }

    public async Task<PlaceOrderResult> Place(PlaceOrder request)
    {
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
        await GrainFactory.GetGrain<IUserOrdersGrain>(request.UserId).Add(OrderId, now);

        S.Placed = true;
        S.UserId = request.UserId;
        S.Items = lines;
        S.Total = lines.Sum(l => l.UnitPrice * l.Quantity);
        S.Fingerprint = OrderValidation.Fingerprint(request);
        S.CreatedAt = now;
        S.History.Add(new StatusChange(OrderStatus.Pending, now, null));
        S.Status = OrderStatus.Pending;
        S.UpdatedAt = now;
        S.Outbox.Add(new OrderCreated(OrderId, S.UserId, now, lines, S.Total));
        await state.WriteStateAsync();

        await PublishOutbox();
        return new PlaceOrderResult(PlaceOrderOutcome.Created, ToSnapshot(), null);
    }

    public Task<OrderSnapshot?> Get() => Task.FromResult(S.Placed ? ToSnapshot() : null);

    public async Task<bool> Confirm()
    {
        if (S.Status == OrderStatus.Confirmed && S.Placed)
        {
            return true;
        }

        if (!S.Placed || S.Status != OrderStatus.Pending)
        {
            return false;
        }

        var now = Transition(OrderStatus.Confirmed, null);
        S.Outbox.Add(new OrderConfirmed(OrderId, S.UserId, now, S.Items, S.Total));
        await state.WriteStateAsync();
        await PublishOutbox();
        return true;
    }

    public async Task<bool> Reject(string reason)
    {
        if (S.Status == OrderStatus.Rejected && S.Placed)
        {
            return true;
        }

        if (!S.Placed || S.Status != OrderStatus.Pending)
        {
            return false;
        }

        var now = Transition(OrderStatus.Rejected, reason);
        S.Outbox.Add(new OrderRejected(OrderId, S.UserId, now, reason));
        await state.WriteStateAsync();
        await PublishOutbox();
        return true;
    }

    public async Task<CancelOrderResult> Cancel()
    {
        if (!S.Placed)
        {
            return new CancelOrderResult(CancelOrderOutcome.NotFound, null);
        }

        if (S.Status is not (OrderStatus.Pending or OrderStatus.Confirmed))
        {
            return new CancelOrderResult(CancelOrderOutcome.NotCancellable, ToSnapshot());
        }

        var previous = S.Status;
        var now = Transition(OrderStatus.Cancelled, null);
        S.Outbox.Add(new OrderCancelled(OrderId, S.UserId, now, S.Items, S.Total, previous));
        await state.WriteStateAsync();

        // Released here so the answer already shows the stock back; the inventory consumer
        // releases again on OrderCancelled (idempotent), which covers a crash right here.
        await Task.WhenAll(S.Items.Select(l => GrainFactory.GetGrain<IProductGrain>(l.Sku).Release(OrderId)));
        await PublishOutbox();
        return new CancelOrderResult(CancelOrderOutcome.Cancelled, ToSnapshot());
    }

    private DateTimeOffset Transition(OrderStatus status, string? reason)
    {
        var now = clock.GetUtcNow();
        S.Status = status;
        S.Reason = reason;
        S.UpdatedAt = now;
        S.History.Add(new StatusChange(status, now, reason));
        return now;
    }

    /// <summary>Prices each line at the catalog price of the moment; an unknown sku is priced 0 and rejected by the saga.</summary>
    private async Task<List<OrderLine>> PriceLines(IReadOnlyList<OrderLineRequest> items)
    {
        var details = await Task.WhenAll(items.Select(l => GrainFactory.GetGrain<IProductGrain>(l.Sku).GetDetails()));
        return [.. items.Select((l, i) => new OrderLine(l.Sku, l.Quantity, details[i]?.Price ?? 0m))];
    }

    /// <summary>Publishes owed events in order; what could not be published stays owed and is retried.</summary>
    private async Task PublishOutbox()
    {
        var stream = this.GetStreamProvider(ShopStreams.Provider)
            .GetStream<OrderEvent>(StreamId.Create(ShopStreams.OrdersNamespace, OrderId));
        var published = 0;
        try
        {
            foreach (var evt in S.Outbox)
            {
                await stream.OnNextAsync(evt);
                published++;
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Order {OrderId}: publishing owed events failed; retrying in {Delay}", OrderId, OutboxRetryDelay);
        }

        if (published > 0)
        {
            S.Outbox.RemoveRange(0, published);
            await state.WriteStateAsync();
        }

        ScheduleOutboxRetry();
    }

    private void ScheduleOutboxRetry()
    {
        if (S.Outbox.Count == 0)
        {
            _outboxRetry?.Dispose();
            _outboxRetry = null;
            return;
        }

        _outboxRetry ??= this.RegisterGrainTimer(
            static (grain, _) => grain.PublishOutbox(),
            this,
            new GrainTimerCreationOptions(OutboxRetryDelay, OutboxRetryDelay));
    }

    private OrderSnapshot ToSnapshot() =>
        new(OrderId, S.UserId, S.Items.ToArray(), S.Total, S.Status, S.Reason, S.CreatedAt, S.UpdatedAt);
}
