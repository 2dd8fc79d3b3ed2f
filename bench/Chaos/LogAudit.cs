namespace Shop.Bench.Chaos;

/// <summary>
/// What the silo logs show of two activations of one grain writing its state: a write refused by
/// the storage's version check (the ETag the activation held was not the stored one). Such a
/// refusal is the storage protecting the state, so it is counted, not a violation; the figures tell
/// whether the cut-off side ever tried.
/// </summary>
public static class LogAudit
{
    /// <summary>How Orleans' ADO.NET storage and the shop's storage wrapper name a version conflict.</summary>
    public static readonly string[] ConflictMarkers = ["InconsistentStateException", "version conflict"];

    public static int CountConflicts(IEnumerable<string> lines) =>
        lines.Count(l => ConflictMarkers.Any(m => l.Contains(m, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Version conflicts per silo log file (name without folder and extension).</summary>
    public static Dictionary<string, int> ConflictsByLog(IEnumerable<string> logFiles) =>
        logFiles.ToDictionary(f => Path.GetFileNameWithoutExtension(f)!, f => CountConflicts(File.ReadLines(f)), StringComparer.Ordinal);
}
