using System.Globalization;

namespace Shop.Bench.Chaos.Partition;

/// <summary>
/// The iptables rules that cut one silo off from the other silos and from the gateway while its
/// process keeps running and keeps its PostgreSQL connection (a classic partition: it still sees
/// the membership table, so it can learn that the others declared it dead). Everything is on
/// loopback, in a chain of the run's own hooked into OUTPUT for <c>-o lo</c>, so removing the hook
/// and the chain undoes the cut whole.
/// </summary>
/// <param name="Chain">The run's chain (at most 28 characters).</param>
/// <param name="CutCgroup">The cut silo's cgroup v2 path: its outbound connections come from ephemeral ports, only the cgroup tells them apart.</param>
/// <param name="CutPorts">The cut silo's silo port and gateway port: whatever connects to them (the other silos, the gateway) is cut.</param>
/// <param name="OtherSiloPorts">The other silos' silo ports: the cut silo's own connections to them are cut.</param>
public sealed record PartitionRules(string Chain, string CutCgroup, IReadOnlyList<int> CutPorts, IReadOnlyList<int> OtherSiloPorts)
{
    /// <summary>
    /// The connection mark of the cut silo's outbound connections. A cgroup match sees only the packets
    /// the cut silo sends; marking the connection drops the other side's packets on it too (responses
    /// sent back over a connection the cut silo opened), so the cut holds in both directions.
    /// </summary>
    public const string Mark = "0x5ca0";

    /// <summary>The iptables invocations that put the cut in place, the hook into OUTPUT last (the chain is complete before any packet reaches it).</summary>
    public IReadOnlyList<string[]> Apply()
    {
        if (CutPorts.Count == 0 || OtherSiloPorts.Count == 0)
        {
            throw new ArgumentException("A partition needs the cut silo's ports and at least one other silo.");
        }

        return
        [
            ["-w", "-N", Chain],
            // Anyone (the other silos, the gateway) to the cut silo's ports, and its answers on those connections.
            ["-w", "-A", Chain, "-p", "tcp", "-m", "multiport", "--dports", Ports(CutPorts), "-j", "DROP"],
            ["-w", "-A", Chain, "-p", "tcp", "-m", "multiport", "--sports", Ports(CutPorts), "-j", "DROP"],
            // The cut silo's own connections to the other silos, both directions (see Mark).
            ["-w", "-A", Chain, "-p", "tcp", "-m", "cgroup", "--path", CutCgroup, "-m", "multiport", "--dports", Ports(OtherSiloPorts), "-j", "CONNMARK", "--set-mark", Mark],
            ["-w", "-A", Chain, "-m", "connmark", "--mark", Mark, "-j", "DROP"],
            ["-w", "-I", "OUTPUT", "1", "-o", "lo", "-j", Chain],
        ];
    }

    /// <summary>The invocations that undo <see cref="Apply"/>, hook first; each may fail harmlessly when its part was never put in place.</summary>
    public IReadOnlyList<string[]> Remove() =>
    [
        ["-w", "-D", "OUTPUT", "-o", "lo", "-j", Chain],
        ["-w", "-F", Chain],
        ["-w", "-X", Chain],
    ];

    private static string Ports(IEnumerable<int> ports) => string.Join(',', ports.Select(p => p.ToString(CultureInfo.InvariantCulture)));
}
