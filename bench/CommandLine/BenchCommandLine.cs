using System.CommandLine;
using System.CommandLine.Invocation;
using Shop.Bench.Chaos;
using Shop.Bench.Hosting;
using Shop.Bench.Soak;

namespace Shop.Bench.CommandLine;

/// <summary>
/// The bench's commands: <c>run</c> (the scenarios, the default), <c>chaos</c> and <c>soak</c>, and the hidden
/// <c>serve-baseline</c> that the bench starts as a process of its own. Help and errors come from the
/// commands' own definitions, so they cannot drift from what is parsed.
/// </summary>
public static class BenchCommandLine
{
    /// <summary>The exit code of a command line that does not parse (1 is a failed scenario, a violated check).</summary>
    public const int UsageError = 2;

    private const string Invocation = "dotnet run -c Release --project bench --";

    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static RootCommand Create(string invocation)
    {
        var baselineArguments = new Argument<string[]>("host-arguments") { Arity = ArgumentArity.ZeroOrMore };
        var serveBaseline = new Command(BaselineServer.Command) { Hidden = true };
        serveBaseline.Add(baselineArguments);
        serveBaseline.SetAction((result, _) => BaselineServer.Serve(result.GetValue(baselineArguments)!));

        return new RootCommand(
            "Orleans.Shop benchmarks: each command starts the system it measures, drives it over loopback and writes JSON and Markdown " +
            $"reports (bench/results). Run as '{Invocation} [command] [options]'; with no command, or a first argument that is no " +
            $"command, the arguments are those of '{RunCommand.CommandName}' ('-- catalog orders --runs 1').")
        {
            new RunCommand(invocation),
            new ChaosCommand(),
            new SoakCommand(),
            serveBaseline,
        };
    }

    /// <summary>
    /// Only the first argument names a command. Anything else there (a scenario, an option, nothing)
    /// starts the default command's arguments, as the bench took them before it had commands.
    /// </summary>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var root = Create($"{Invocation} {string.Join(' ', args)}".TrimEnd());
        var namesCommand = args.Count > 0 && root.Children.Any(symbol => symbol switch
        {
            Command command => command.Name == args[0] || command.Aliases.Contains(args[0]),
            Option option => option.Name == args[0] || option.Aliases.Contains(args[0]),
            _ => false,
        });
        return root.Parse(namesCommand ? args : [RunCommand.CommandName, .. args], Parsing);
    }

    /// <summary>Runs the command <paramref name="args"/> name; help and parse errors go to <paramref name="output"/> and <paramref name="error"/> (the console's by default).</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null)
    {
        var result = Parse(args);
        // No termination timeout: on Ctrl-C or SIGTERM the bench's own cleanup (AbortCleanup) stops the
        // processes and the PostgreSQL it started, and the process ends as it did before.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null, Output = output ?? Console.Out, Error = error ?? Console.Error };
        if (result.Action is ParseErrorAction)
        {
            // The errors, then the failing command's help.
            result.Invoke(invocation);
            return UsageError;
        }

        return await result.InvokeAsync(invocation);
    }
}
