namespace Shop.TestSupport;

/// <summary>
/// The trait names and values the test classes are tagged with (<c>[Trait(TestTraits.Needs, TestTraits.PostgreSQL)]</c>):
/// what a test needs beyond the .NET SDK, and whether it is a long run. <c>./test.sh --fast</c> runs only
/// the tests with none of these values; its filter in test.sh names every value below, so a new value
/// goes into both places.
/// </summary>
public static class TestTraits
{
    /// <summary>What a test needs beyond the .NET SDK and this process.</summary>
    public const string Needs = "Needs";

    /// <summary>A throwaway PostgreSQL server started from the installed binaries (skips without them, fails under CI=true).</summary>
    public const string PostgreSQL = "PostgreSQL";

    /// <summary>Starts real silo or gateway processes, or runs the bench, as child processes.</summary>
    public const string Processes = "Processes";

    /// <summary>Runs the installed kubectl (kubectl kustomize; skips without it, fails under CI=true).</summary>
    public const string Kubectl = "Kubectl";

    /// <summary>Runs Node's npx (an outside linter; skips without it, fails under CI=true).</summary>
    public const string Node = "Node";

    /// <summary>How long a test runs.</summary>
    public const string Speed = "Speed";

    /// <summary>A long run (soak, chaos, failover, the end-to-end bench, the gateway fuzz): about 20 s or more on this kind of machine.</summary>
    public const string Long = "Long";
}
