namespace Shop.Bench.Chaos;

/// <summary>What the checks found: figures for the report and every violated invariant, in words.</summary>
public sealed class CheckResults
{
    public List<string> Violations { get; } = [];
    public SortedDictionary<string, object> Figures { get; } = new(StringComparer.Ordinal);

    public void Require(bool holds, string violation)
    {
        if (!holds)
        {
            Violations.Add(violation);
        }
    }
}
