namespace Shop.Bench.Chaos;

/// <summary>
/// What the run saw of the partition, on its clock: which silo was cut off, when the cluster's
/// membership table first showed it Dead, when its process stopped and how, when the cut was healed
/// and when the silo was serving again; and what its log said about being declared dead.
/// </summary>
public sealed record PartitionObservation
{
    public required int Victim { get; init; }
    public required TimeSpan CutAt { get; init; }
    public required TimeSpan HealedAt { get; init; }
    /// <summary>When the membership table first showed the cut silo's incarnation Dead (null: not while the run looked).</summary>
    public TimeSpan? DeclaredDeadAt { get; init; }
    /// <summary>When the cut silo's process was first seen stopped (null: it was still running when the run stopped looking).</summary>
    public TimeSpan? StoppedAt { get; init; }
    public int? ExitCode { get; init; }
    /// <summary>The run had to kill the cut silo: it had not stopped by itself within the bound after the heal.</summary>
    public bool KilledByRun { get; init; }
    /// <summary>When the restarted silo was ready (Active) again.</summary>
    public required TimeSpan RejoinedAt { get; init; }
    /// <summary>Lines of the cut silo's log in which Orleans says it learned that it was declared dead.</summary>
    public required IReadOnlyList<string> DeadLines { get; init; }
}
