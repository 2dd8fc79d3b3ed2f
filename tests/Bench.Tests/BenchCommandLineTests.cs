using System.CommandLine;
using Shop.Bench.Chaos;
using Shop.Bench.CommandLine;
using Shop.Bench.Soak;

namespace Shop.Bench.Tests;

/// <summary>
/// The bench's command line as the docs use it: each scenario and option read into the options a run
/// uses, bad values refused with a message naming the option and exit code 2, and help for every command.
/// </summary>
public sealed class BenchCommandLineTests
{
    [Fact]
    public void Options_take_their_values_in_invariant_culture_and_name_the_option_when_one_is_bad()
    {
        var soak = Soak("--rate", "12.5", "--minutes", "2", "--out", "/tmp/x");
        Assert.Equal((12.5, TimeSpan.FromMinutes(2), "/tmp/x"), (soak.Rate, soak.Duration, soak.Output));
        var bench = Run("--runs", "2", "--warmup", "0", "catalog");
        Assert.Equal((2, TimeSpan.Zero), (bench.Runs, bench.Warmup));
        Assert.Equal(["catalog"], bench.Scenarios);

        Assert.Equal("--rate needs a positive number.", SingleError("soak", "--rate", "0"));
        Assert.Equal("--rate needs a positive number.", SingleError("soak", "--rate", "1,5"));
        Assert.Equal("--runs needs a positive number.", SingleError("--runs", "1.5"));
        Assert.Equal("--warmup needs a number of seconds.", SingleError("--warmup", "-1"));
        Assert.Equal("--silos needs a whole number of at least 2.", SingleError("chaos", "--silos", "1"));
        Assert.Equal("--seed needs a whole number.", SingleError("chaos", "--seed", "x"));
        Assert.Contains("'--out'", SingleError("chaos", "--out"));
        Assert.Contains("'--runs'", SingleError("--runs", "2", "--runs", "3"));
    }

    [Fact]
    public void Scenarios_run_in_the_documented_order_and_all_is_the_default_list()
    {
        var embeddedDefault = BenchOptions.AllScenarios.Where(s => s != "pgbench").ToList();
        Assert.Equal(embeddedDefault, Run().Scenarios);
        Assert.Equal(embeddedDefault, Run("all").Scenarios);
        Assert.Equal(BenchOptions.AllScenarios, Run("all", "--postgres").Scenarios);
        Assert.Equal(["baseline", "catalog", "orders"], Run("orders", "catalog", "baseline", "catalog").Scenarios);
        foreach (var scenario in BenchOptions.KnownScenarios.Where(s => s != "pgbench"))
        {
            Assert.Equal([scenario], Run(scenario).Scenarios);
        }

        Assert.Equal(["orders", "pgbench"], Run("orders", "pgbench", "--postgres").Scenarios);
        Assert.Equal("pgbench measures the PostgreSQL of durable mode: add --postgres.", SingleError("orders", "pgbench"));
        // The explicit command and the default one are the same run.
        Assert.Equal(Run("baseline", "--runs", "1").Scenarios, Run("run", "baseline", "--runs", "1").Scenarios);
    }

    [Fact]
    public void Every_run_option_reaches_the_options_and_the_defaults_are_the_documented_ones()
    {
        var options = Run("baseline", "--postgres", "--runs", "4", "--warmup", "2.5", "--duration", "7", "--connections", "8", "--order-connections", "9",
            "--dashboard-rate", "50", "--skus", "11", "--users", "12", "--memory-grains", "13", "--products", "14", "--out", "/tmp/r");
        Assert.Equal(
            (true, 4, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(7), 8, 9, 50.0, 11, 12, 13, 14, "/tmp/r"),
            (options.Postgres, options.Runs, options.Warmup, options.Duration, options.Connections, options.OrderConnections, options.DashboardRate,
                options.Skus, options.Users, options.MemoryGrains, options.Products, options.Output));
        // "--duration 0" is raised to half a second, never an empty window.
        Assert.Equal(TimeSpan.FromSeconds(0.5), Run("--duration", "0").Duration);

        var defaults = Run();
        Assert.Equal(new BenchOptions { Scenarios = defaults.Scenarios, Shape = defaults.Shape }, defaults);
    }

    [Fact]
    public void Every_chaos_option_reaches_the_options()
    {
        var all = Chaos("--silos", "2", "--users", "4", "--rate", "4", "--kill-for", "1", "--kill-every", "6", "--restart-after", "2", "--outage", "3",
            "--calm", "6", "--recovery-bound", "9", "--reconcile", "3", "--seed", "-7", "--out", "/tmp/c");
        Assert.Equal(
            (2, 4, 4.0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6),
                TimeSpan.FromSeconds(9), (TimeSpan?)TimeSpan.FromSeconds(3), -7, "/tmp/c"),
            (all.Silos, all.Users, all.OrdersPerSecond, all.KillFor, all.KillEvery, all.RestartAfter, all.Outage, all.Calm, all.RecoveryBound,
                all.Reconcile, all.Seed, all.Output));

        // Without --seed or --reconcile: a random seed (printed by the run) and the product's own reconciliation.
        var defaults = Chaos();
        Assert.Null(defaults.Reconcile);
        Assert.Equal(new ChaosOptions { Seed = defaults.Seed }, defaults);
    }

    [Fact]
    public void The_soak_is_durable_unless_embedded_and_reads_its_bounds_in_percent()
    {
        Assert.True(Soak().Postgres);
        Assert.True(Soak("--postgres").Postgres);
        Assert.False(Soak("--embedded").Postgres);
        Assert.Equal("--embedded and --postgres exclude each other.", SingleError("soak", "--embedded", "--postgres"));

        var options = Soak("--warmup-minutes", "0.1", "--collection-age", "30", "--memory-bound", "40", "--handle-bound", "5");
        Assert.Equal((TimeSpan.FromMinutes(0.1), TimeSpan.FromSeconds(30), 0.40, 0.05),
            (options.Warmup, options.CollectionAge, options.MemoryGrowthBound, options.HandleGrowthBound));
        Assert.Equal(new SoakOptions(), Soak());
    }

    [Fact]
    public void A_command_is_named_only_by_the_first_argument()
    {
        Assert.StartsWith("Unknown scenario 'chaos'", SingleError("catalog", "chaos"));
        Assert.Contains("'catalog'", SingleError("chaos", "catalog"));
        Assert.StartsWith("Unknown option '--rnus'", BenchCommandLine.Parse(["--rnus", "2"]).Errors[0].Message);
    }

    [Theory]
    [InlineData("warp-speed")]
    [InlineData("--runs", "0")]
    [InlineData("chaos", "--kill-every", "soon")]
    [InlineData("soak", "--minutes")]
    public async Task A_bad_command_line_exits_with_2_naming_the_problem_and_shows_the_commands_help(params string[] args)
    {
        var (exitCode, output, error) = await Invoke(args);
        Assert.Equal(BenchCommandLine.UsageError, exitCode);
        Assert.NotEmpty(error.Trim());
        Assert.Contains("Usage:", output);
    }

    [Fact]
    public async Task Every_command_has_help_that_names_each_of_its_options_and_arguments()
    {
        var root = BenchCommandLine.Create("test");
        var (rootExit, rootHelp, _) = await Invoke(["--help"]);
        Assert.Equal(0, rootExit);
        Assert.Contains("dotnet run -c Release --project bench", rootHelp);
        var visible = root.Subcommands.Where(c => !c.Hidden).ToList();
        Assert.Equal([RunCommand.CommandName, ChaosCommand.CommandName, SoakCommand.CommandName], visible.Select(c => c.Name));
        Assert.DoesNotContain("serve-baseline", rootHelp);

        foreach (var command in visible)
        {
            var (exitCode, help, error) = await Invoke([command.Name, "--help"]);
            Assert.Equal(0, exitCode);
            Assert.Empty(error);
            // The executable's name depends on the host (Shop.Bench, or the test runner here).
            Assert.Matches($@"Usage:\s+\S+ {command.Name} ", help);
            foreach (var option in command.Options)
            {
                Assert.Contains(option.Name, help);
            }
        }

        var (_, runHelp, _) = await Invoke(["run", "-h"]);
        foreach (var scenario in BenchOptions.KnownScenarios)
        {
            Assert.Contains($"  {scenario} ", runHelp);
        }
    }

    private static BenchOptions Run(params string[] args) => Read<RunCommand, BenchOptions>(args, (c, r) => c.Read(r));

    private static ChaosOptions Chaos(params string[] args) => Read<ChaosCommand, ChaosOptions>(["chaos", .. args], (c, r) => c.Read(r));

    private static SoakOptions Soak(params string[] args) => Read<SoakCommand, SoakOptions>(["soak", .. args], (c, r) => c.Read(r));

    private static T Read<TCommand, T>(string[] args, Func<TCommand, ParseResult, T> read)
    {
        var result = BenchCommandLine.Parse(args);
        Assert.Empty(result.Errors);
        return read(Assert.IsType<TCommand>(result.CommandResult.Command), result);
    }

    private static string SingleError(params string[] args) => Assert.Single(BenchCommandLine.Parse(args).Errors).Message;

    private static async Task<(int ExitCode, string Output, string Error)> Invoke(string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exitCode = await BenchCommandLine.InvokeAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
