using System.Collections.Concurrent;

namespace Shop.TestSupport;

/// <summary>
/// A test-only incoming grain call filter that makes chosen grain methods fail or hang, so tests can
/// break one service on purpose. Faults are matched by interface name, method name and target key,
/// and are shared by every silo in this process. Dispose the returned handle to heal.
/// </summary>
public sealed class FaultInjection : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<Guid, Fault> Faults = new();
    private static int _hanging;
    private static int _peakHanging;

    /// <summary>The most calls that were hanging at the same moment since <see cref="ResetPeak"/>.</summary>
    public static int PeakConcurrentHangs => Volatile.Read(ref _peakHanging);

    public static void ResetPeak() => Interlocked.Exchange(ref _peakHanging, 0);

    /// <summary>
    /// Fails the next <paramref name="times"/> matching calls (every call when null); with
    /// <paramref name="firstArgument"/>, only calls whose first argument prints as it (a shared grain
    /// such as the catalog is called by tests running in parallel).
    /// </summary>
    public static IDisposable Fail(string interfaceName, string method, string? targetKey = null, int? times = null, string? firstArgument = null) =>
        Add(new Fault(interfaceName, method, targetKey, times, Hang: null, FirstArgument: firstArgument));

    /// <summary>Makes the next <paramref name="times"/> matching calls throw what <paramref name="exception"/> makes (every call when null).</summary>
    public static IDisposable Throw(string interfaceName, string method, Func<Exception> exception, string? targetKey = null, int? times = null) =>
        Add(new Fault(interfaceName, method, targetKey, times, Hang: null, exception));

    /// <summary>
    /// Lets the next <paramref name="times"/> matching calls run, then throws what <paramref name="exception"/>
    /// makes instead of their answer: what a caller sees when the silo dies after the grain's work and
    /// before its answer left.
    /// </summary>
    public static IDisposable LoseAnswer(string interfaceName, string method, Func<Exception> exception, string? targetKey = null, int? times = null) =>
        Add(new Fault(interfaceName, method, targetKey, times, Hang: null, exception, AfterTheCall: true));

    /// <summary>
    /// Like <see cref="LoseAnswer"/>, and the grain's activation goes too: what a silo that died right
    /// after a call's change was stored leaves behind. The next call activates the grain afresh.
    /// </summary>
    public static IDisposable LoseAnswerAndActivation(string interfaceName, string method, Func<Exception> exception, string? targetKey = null, int? times = null) =>
        Add(new Fault(interfaceName, method, targetKey, times, Hang: null, exception, AfterTheCall: true, Deactivate: true));

    /// <summary>Makes matching calls wait <paramref name="duration"/> before running.</summary>
    public static IDisposable Hang(string interfaceName, string method, TimeSpan duration, string? targetKey = null) =>
        Add(new Fault(interfaceName, method, targetKey, null, duration));

    /// <summary>
    /// Counts the matching calls, which run as usual: how a test sees calls that leave no other
    /// trace (a re-published event's delivery, say). Dispose to stop counting.
    /// </summary>
    public static CallCount Count(string interfaceName, string method, string? targetKey = null)
    {
        var count = new CallCount();
        count.Healer = Add(new Fault(interfaceName, method, targetKey, null, Hang: null, Counted: count));
        return count;
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        // Counted first: a hang or a failure of the same call must not hide it from a count.
        foreach (var (_, fault) in Faults)
        {
            if (fault.Counted is { } count && fault.Matches(context))
            {
                count.Add();
            }
        }

        foreach (var (id, fault) in Faults)
        {
            if (fault.Counted is not null || !fault.Matches(context))
            {
                continue;
            }

            if (fault.Hang is { } hang)
            {
                var now = Interlocked.Increment(ref _hanging);
                for (var peak = Volatile.Read(ref _peakHanging); now > peak; peak = Volatile.Read(ref _peakHanging))
                {
                    Interlocked.CompareExchange(ref _peakHanging, now, peak);
                }

                try
                {
                    await Task.Delay(hang);
                }
                finally
                {
                    Interlocked.Decrement(ref _hanging);
                }

                break;
            }

            if (fault.TakeOne())
            {
                if (fault.AfterTheCall)
                {
                    await context.Invoke();
                }

                if (fault.Deactivate)
                {
                    context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "fault injection: the silo died"));
                }

                throw fault.Exception?.Invoke() ?? new InjectedFaultException($"Injected fault in {fault.Interface}.{fault.Method}");
            }

            Faults.TryRemove(id, out _);
        }

        await context.Invoke();
    }

    private static IDisposable Add(Fault fault)
    {
        var id = Guid.NewGuid();
        Faults[id] = fault;
        return new Healer(id);
    }

    private sealed class Healer(Guid id) : IDisposable
    {
        public void Dispose() => Faults.TryRemove(id, out _);
    }

    private sealed record Fault(string Interface, string Method, string? TargetKey, int? Times, TimeSpan? Hang, Func<Exception>? Exception = null, string? FirstArgument = null, bool AfterTheCall = false, bool Deactivate = false, CallCount? Counted = null)
    {
        private int _remaining = Times ?? int.MaxValue;

        public bool Matches(IIncomingGrainCallContext context) =>
            context.InterfaceMethod?.DeclaringType?.Name == Interface &&
            context.InterfaceMethod.Name == Method &&
            (TargetKey is null || context.TargetId.Key.ToString() == TargetKey) &&
            (FirstArgument is null || (context.Request.GetArgumentCount() > 0 && context.Request.GetArgument(0)?.ToString() == FirstArgument));

        /// <summary>True while the fault still has failures to give.</summary>
        public bool TakeOne() => Interlocked.Decrement(ref _remaining) >= 0;
    }
}

/// <summary>How many matching calls reached a grain since <see cref="FaultInjection.Count"/>.</summary>
public sealed class CallCount : IDisposable
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    internal IDisposable? Healer { get; set; }

    internal void Add() => Interlocked.Increment(ref _calls);

    public void Dispose() => Healer?.Dispose();
}

[GenerateSerializer]
public sealed class InjectedFaultException : Exception
{
    public InjectedFaultException(string message) : base(message) { }
}
