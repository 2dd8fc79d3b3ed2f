using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Shop.TestSupport;

/// <summary>
/// What must not outlive the bench when it is interrupted (Ctrl-C, SIGTERM) or ends abnormally:
/// the child processes and the throwaway PostgreSQL. Each cleanup runs once.
/// </summary>
public static class AbortCleanup
{
    private static readonly ConcurrentDictionary<object, Action> Actions = new();
    private static readonly List<PosixSignalRegistration> Signals = [];

    static AbortCleanup()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAll();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            // The handler runs first; the default action (ending the process) follows.
            Signals.Add(PosixSignalRegistration.Create(signal, _ => RunAll()));
        }
    }

    public static void Register(object owner, Action cleanup) => Actions[owner] = cleanup;

    public static void Unregister(object owner) => Actions.TryRemove(owner, out _);

    private static void RunAll()
    {
        foreach (var owner in Actions.Keys.ToArray())
        {
            if (Actions.TryRemove(owner, out var cleanup))
            {
                try
                {
                    cleanup();
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine($"Cleanup failed: {ex.Message}");
                }
            }
        }
    }
}
