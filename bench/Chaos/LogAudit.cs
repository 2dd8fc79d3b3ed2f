using System.Globalization;
using System.Text.RegularExpressions;

namespace Shop.Bench.Chaos;

/// <summary>
/// What the silo logs show of two activations of one grain writing its state: a write refused by
/// the storage's version check (the ETag the activation held was not the stored one). Such a
/// refusal is the storage protecting the state, so it is counted, not a violation; the figures tell
/// whether the cut-off side ever tried.
/// </summary>
public static partial class LogAudit
{
    /// <summary>How Orleans' ADO.NET storage and the shop's storage wrapper name a version conflict.</summary>
    public static readonly string[] ConflictMarkers = ["InconsistentStateException", "version conflict"];

    public static int CountConflicts(IEnumerable<string> lines) =>
        lines.Count(l => ConflictMarkers.Any(m => l.Contains(m, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// How many settled orders the users' indexes swept again because a silo left the cluster after
    /// their sweep (their debug line, which the chaos run turns on): the repair at work.
    /// </summary>
    public static long Resweeps(IEnumerable<string> logFiles) =>
        logFiles.SelectMany(File.ReadLines).Select(l => ResweepLine().Match(l)).Where(m => m.Success).Sum(m => long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"Sweeping (?<count>\d+) settled orders of user \S+ again")]
    private static partial Regex ResweepLine();

    /// <summary>Version conflicts per silo log file (name without folder and extension).</summary>
    public static Dictionary<string, int> ConflictsByLog(IEnumerable<string> logFiles) =>
        logFiles.ToDictionary(f => Path.GetFileNameWithoutExtension(f)!, f => CountConflicts(File.ReadLines(f)), StringComparer.Ordinal);
}
