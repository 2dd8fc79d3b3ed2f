namespace Shop.Bench.Chaos.Partition;

/// <summary>
/// One partition in place: the rules of <see cref="PartitionRules"/> applied, removed on dispose, and
/// removed by the run's abort cleanup too (Ctrl-C, SIGTERM, an exception ending the run), so no rule
/// outlives the run.
/// </summary>
public sealed class NetworkCut : IDisposable
{
    private readonly PartitionRules _rules;
    private int _healed;

    private NetworkCut(PartitionRules rules) => _rules = rules;

    public static NetworkCut Apply(PartitionRules rules)
    {
        var cut = new NetworkCut(rules);
        AbortCleanup.Register(cut, cut.Heal);
        try
        {
            foreach (var args in rules.Apply())
            {
                Iptables.Run(args);
            }
        }
        catch
        {
            cut.Dispose();
            throw;
        }

        return cut;
    }

    /// <summary>Removes the cut; every step is tried even when one fails (the part it undoes may never have been put in place).</summary>
    public void Heal()
    {
        if (Interlocked.Exchange(ref _healed, 1) == 1)
        {
            return;
        }

        foreach (var args in _rules.Remove())
        {
            Iptables.TryRun(args, out _);
        }
    }

    public void Dispose()
    {
        Heal();
        AbortCleanup.Unregister(this);
    }
}
