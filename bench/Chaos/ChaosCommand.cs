using System.CommandLine;
using Shop.Bench.CommandLine;

namespace Shop.Bench.Chaos;

/// <summary><c>bench -- chaos [options]</c>: faults under load, then the invariant checks (see <see cref="ChaosRun"/>).</summary>
public sealed class ChaosCommand : Command
{
    public const string CommandName = "chaos";

    private static readonly ChaosOptions Defaults = new();

    // A kill must leave a silo to serve: one silo would be an outage, not a failover.
    private readonly Option<int> _silos = ValidatedOptions.PositiveInteger("--silos", "N", Defaults.Silos, "silo processes", minimum: 2);
    private readonly Option<int> _users = ValidatedOptions.PositiveInteger("--users", "N", Defaults.Users, "users placing orders, one worker each");
    private readonly Option<double?> _rate = ValidatedOptions.OptionalPositiveNumber("--rate", "R",
        "orders started per second, all users together (default: half the closed-loop rate of a cluster of the same shape, measured first)");
    private readonly Option<double> _killEvery = PositiveSeconds("--kill-every", Defaults.KillEvery, "seconds between silo kills (SIGKILL, a random silo)");
    private readonly Option<double> _killFor = PositiveSeconds("--kill-for", Defaults.KillFor, "seconds of silo kills");
    private readonly Option<double> _restartAfter = PositiveSeconds("--restart-after", Defaults.RestartAfter, "seconds a killed silo stays down");
    private readonly Option<double> _partition = ValidatedOptions.Seconds("--partition", Defaults.Partition.TotalSeconds,
        "at most S seconds one silo is cut off from the others and the gateway (iptables, needs root; healed sooner once it was declared dead and stopped); 0 leaves the partition out");
    private readonly Option<int> _burst = ValidatedOptions.PositiveInteger("--burst", "N", Defaults.Burst,
        "orders of the burst after which a silo is killed mid-batch; 0 leaves that fault out", minimum: 0);
    private readonly Option<double> _outage = PositiveSeconds("--outage", Defaults.Outage, "seconds PostgreSQL is down");
    private readonly Option<double> _calm = PositiveSeconds("--calm", Defaults.Calm, "seconds of undisturbed load between the faults");
    private readonly Option<double> _recoveryBound = PositiveSeconds("--recovery-bound", Defaults.RecoveryBound,
        "the gateway must accept orders again within S seconds of PostgreSQL's return");
    private readonly Option<int?> _seed = ValidatedOptions.OptionalInteger("--seed", "N", "which silo dies when (default: random, printed, so a run can be repeated)");
    private readonly Option<double?> _reconcile = ValidatedOptions.OptionalPositiveNumber("--reconcile", "S",
        "the orders' reconciliation period in seconds (default: the product's, 10 s; the smoke test shortens it)");
    private readonly Option<string> _output = ValidatedOptions.Output();

    public ChaosCommand()
        : base(CommandName, "faults under load in durable mode (silo kills, a partition, a kill mid-batch, a PostgreSQL outage, a gateway restart), then checks from the " +
            "database, the mail folder and the API that no order was lost, duplicated or miscounted; exit code 0 only when no check was violated")
    {
        foreach (var option in new Option[] { _silos, _users, _rate, _killEvery, _killFor, _restartAfter, _partition, _burst, _outage, _calm, _recoveryBound, _seed, _reconcile, _output })
        {
            Add(option);
        }

        SetAction((result, _) => ChaosRun.Execute(Read(result), Console.Out));
    }

    /// <summary>The options of a parse of this command (without errors).</summary>
    public ChaosOptions Read(ParseResult result)
    {
        var options = new ChaosOptions
        {
            Silos = result.GetValue(_silos),
            Users = result.GetValue(_users),
            OrdersPerSecond = result.GetValue(_rate),
            KillEvery = TimeSpan.FromSeconds(result.GetValue(_killEvery)),
            KillFor = TimeSpan.FromSeconds(result.GetValue(_killFor)),
            RestartAfter = TimeSpan.FromSeconds(result.GetValue(_restartAfter)),
            Partition = TimeSpan.FromSeconds(result.GetValue(_partition)),
            Burst = result.GetValue(_burst),
            Outage = TimeSpan.FromSeconds(result.GetValue(_outage)),
            Calm = TimeSpan.FromSeconds(result.GetValue(_calm)),
            RecoveryBound = TimeSpan.FromSeconds(result.GetValue(_recoveryBound)),
            Reconcile = result.GetValue(_reconcile) is { } reconcile ? TimeSpan.FromSeconds(reconcile) : null,
            Output = result.GetValue(_output)!,
        };
        return result.GetValue(_seed) is { } seed ? options with { Seed = seed } : options;
    }

    private static Option<double> PositiveSeconds(string name, TimeSpan defaultValue, string description) =>
        ValidatedOptions.PositiveNumber(name, "S", defaultValue.TotalSeconds, description);
}
