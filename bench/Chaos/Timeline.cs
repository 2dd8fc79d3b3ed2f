using System.Collections.Concurrent;
using System.Diagnostics;

namespace Shop.Bench.Chaos;

/// <summary>The run's clock, what happened when (faults, phases), and every request the clients made.</summary>
public sealed class Timeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<(TimeSpan At, string What)> _events = new();
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly TextWriter _progress;

    public Timeline(TextWriter progress) => _progress = progress;

    public TimeSpan Now => _clock.Elapsed;
    public IReadOnlyCollection<Attempt> Attempts => _attempts;
    public IReadOnlyCollection<(TimeSpan At, string What)> Events => _events;

    public TimeSpan Mark(string what)
    {
        var at = Now;
        _events.Enqueue((at, what));
        _progress.WriteLine($"  {at.TotalSeconds,7:0.0}s  {DateTime.UtcNow:HH:mm:ss.fff}  {what}");
        return at;
    }

    public void Record(Attempt attempt) => _attempts.Enqueue(attempt);

    /// <summary>Attempts of <paramref name="kind"/> that started in [from, to).</summary>
    public IEnumerable<Attempt> Started(string kind, TimeSpan from, TimeSpan to) =>
        _attempts.Where(a => a.Kind == kind && a.Started >= from && a.Started < to);
}
