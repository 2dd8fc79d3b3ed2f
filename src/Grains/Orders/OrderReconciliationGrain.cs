using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Shop.Grains.Storage;
using Shop.Orders;

namespace Shop.Grains.Orders;

/// <summary>
/// The reconciliation of one partition of users: one reminder per partition (a grain timer in the
/// embedded mode), not one per order. Each period it has every tracked user's order index reconcile
/// its open orders, and forgets the users left with none. Tracking is group-committed (reentrant),
/// and a user tracked again while a pass runs is never forgotten by that pass.
/// </summary>
[Reentrant]
public sealed class OrderReconciliationGrain : Grain, IOrderReconciliationGrain, IRemindable
{
    public const string Reminder = "reconcile-partition";
    // How many users a pass reconciles at once: bounds the calls one pass puts on the cluster.
    private const int Concurrency = 32;

    private readonly IPersistentState<OrderReconciliationState> _state;
    private readonly OrderOptions _options;
    private readonly ILogger<OrderReconciliationGrain> _logger;
    private readonly GroupCommit _commit;
    // When each user was last tracked, on a counter of this activation: a pass forgets only users
    // not tracked again since it started.
    private readonly Dictionary<Guid, long> _trackedAt = [];
    private long _clock;
    private bool _scheduled;
    private Task? _pass;

    public OrderReconciliationGrain(
        [PersistentState("reconciliation", StorageNames.Orders)] IPersistentState<OrderReconciliationState> state,
        IOptions<OrderOptions> options,
        ILogger<OrderReconciliationGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _logger = logger;
        _commit = new GroupCommit(() => _state.WriteStateAsync());
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_state.State.Users.Count > 0)
        {
            await Schedule();
        }
    }

    public async Task Track(Guid userId)
    {
        _trackedAt[userId] = ++_clock;
        if (!_state.State.Users.Add(userId))
        {
            await _commit.WhenStored();
            return;
        }

        await Schedule();
        await _commit.Commit();
    }

    /// <summary>One pass, from the reminder or the timer; a tick that comes while a pass runs joins it.</summary>
    private Task ReconcileNow() => _pass is { IsCompleted: false } ? _pass : _pass = Pass();

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == Reminder ? ReconcileNow() : Task.CompletedTask;

    private async Task Pass()
    {
        var started = _clock;
        var users = _state.State.Users.ToArray();
        var idle = new List<Guid>();
        foreach (var chunk in users.Chunk(Concurrency))
        {
            var results = await Task.WhenAll(chunk.Select(Reconcile));
            idle.AddRange(chunk.Where((_, i) => results[i]));
        }

        var forgotten = 0;
        foreach (var user in idle)
        {
            if (_trackedAt.GetValueOrDefault(user) <= started && _state.State.Users.Remove(user))
            {
                _trackedAt.Remove(user);
                forgotten++;
            }
        }

        if (forgotten > 0)
        {
            await _commit.Commit();
        }
    }

    private async Task<bool> Reconcile(Guid user)
    {
        try
        {
            return await GrainFactory.GetGrain<IUserOrdersGrain>(user).Reconcile();
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Reconciling the orders of user {UserId} failed; trying again next period", user);
            return false;
        }
    }

    /// <summary>Once per activation: the partition's reminder (durable) or timer (embedded mode).</summary>
    private async Task Schedule()
    {
        if (_scheduled)
        {
            return;
        }

        var period = _options.ReconcilePeriod;
        if (_options.DurableReconciliation)
        {
            await this.RegisterOrUpdateReminder(Reminder, period, period);
        }
        else
        {
            // Kept alive: with no reminder to wake it, this activation is what reconciles the partition.
            this.RegisterGrainTimer(static (grain, _) => grain.ReconcileNow(), this,
                new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        }

        _scheduled = true;
    }
}
