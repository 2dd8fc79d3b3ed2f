using System.CommandLine;
using System.CommandLine.Invocation;

namespace Shop.Silo.Commands;

/// <summary>
/// <c>Shop.Silo [run] [host arguments]</c>, <c>Shop.Silo migrate [host arguments]</c>, <c>Shop.Silo dev-keys DIR</c>,
/// <c>Shop.Silo signing-keys rotate FILE [--window 01:00:00] [--activate-in 00:10:00]</c>.
/// Only the first argument names a command: with any other first argument, or none, the whole line is
/// the silo's host configuration (as run.sh, the tests and the manifests start it), so a value that
/// happens to read "migrate" (<c>--Shop:Cluster:ClusterId migrate</c>) configures, never migrates.
/// </summary>
public static class SiloCommandLine
{
    public const string RunCommand = "run";
    public const string MigrateCommand = "migrate";
    public const string DevKeysCommand = "dev-keys";
    public const string SigningKeysCommand = "signing-keys";

    /// <summary>The exit code of a command line that does not parse (1 is a failed migration).</summary>
    public const int UsageError = 2;

    // Host arguments pass verbatim: no "@file" expansion, no bundling of "-abc" into "-a -b -c".
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null, EnablePosixBundling = false };

    public static RootCommand Create(SiloCommands commands)
    {
        var runArguments = HostArguments("--urls http://127.0.0.1:5100 --Shop:Cluster:SiloPort=11311");
        var run = new Command(RunCommand, "runs the silo (the default command: 'Shop.Silo --urls ...' is 'Shop.Silo run --urls ...')") { runArguments };
        run.SetAction((result, _) => commands.Run(result.GetValue(runArguments)!));

        var migrateArguments = HostArguments("--Shop:Persistence=Postgres --ConnectionStrings:Cluster=\"Host=127.0.0.1;...\"");
        var migrate = new Command(MigrateCommand,
            "creates each configured PostgreSQL database if missing, applies its pending migrations and exits (0 when every database is up to date)")
        {
            migrateArguments,
        };
        migrate.SetAction((result, _) => commands.Migrate(result.GetValue(migrateArguments)!));

        var directory = new Argument<string>("directory") { Description = "folder to write them to (created if missing)" };
        var devKeys = new Command(DevKeysCommand,
            "writes throwaway credentials for local runs and tests: a CA with silo and gateway certificates for mutual TLS, and the gateway's " +
            "service identity key pair")
        {
            directory,
        };
        devKeys.SetAction(result => commands.WriteDevelopmentKeys(result.GetValue(directory)!));

        var ringFile = new Argument<string>("file") { Description = "the key ring (JSON, a secret: created if missing, written readable by its owner only)" };
        var window = new Option<TimeSpan>("--window")
        {
            Description = "how long tokens of the previous key stay valid after the new key signs (at least the access token lifetime)",
            DefaultValueFactory = _ => TimeSpan.FromHours(1),
        };
        var activateIn = new Option<TimeSpan>("--activate-in")
        {
            Description = "how long until the new key signs: every gateway reloads the ring (Shop:Auth:SigningKeyRingReloadInterval) and " +
                "clients refresh the JWKS they cached (5 minutes) before then",
            DefaultValueFactory = _ => TimeSpan.FromMinutes(10),
        };
        var rotate = new Command("rotate", "adds a new ES256 key that signs from --activate-in on, gives the current key an end (--window after that) " +
            "and drops keys past their end")
        {
            ringFile, window, activateIn,
        };
        rotate.SetAction(result =>
        {
            var (windowValue, activateValue) = (result.GetValue(window), result.GetValue(activateIn));
            if (windowValue < TimeSpan.Zero || activateValue < TimeSpan.Zero)
            {
                result.InvocationConfiguration.Error.WriteLine("--window and --activate-in cannot be negative.");
                return UsageError;
            }

            return (commands.RotateSigningKeys ?? SiloCommands.RotateSigningKeyFile)(
                result.GetValue(ringFile)!, windowValue, activateValue, result.InvocationConfiguration.Output);
        });
        var signingKeys = new Command(SigningKeysCommand, "the gateways' access token signing keys (Shop:Auth:SigningKeyRingFile)") { rotate };

        return new RootCommand("Orleans.Shop silo: clustering, storage, streams, grains, and a small HTTP port for health.")
        {
            run, migrate, devKeys, signingKeys,
        };
    }

    /// <summary>The parse of <paramref name="args"/>: a first argument that names no command (or none) is <c>run</c>'s.</summary>
    public static ParseResult Parse(RootCommand root, IReadOnlyList<string> args)
    {
        var namesCommand = args.Count > 0 && root.Children.Any(symbol => symbol switch
        {
            Command command => command.Name == args[0] || command.Aliases.Contains(args[0]),
            Option option => option.Name == args[0] || option.Aliases.Contains(args[0]),
            _ => false,
        });
        return root.Parse(namesCommand ? args : [RunCommand, .. args], Parsing);
    }

    /// <summary>Runs the command <paramref name="args"/> name; help and parse errors go to <paramref name="output"/> and <paramref name="error"/> (the console's by default).</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, SiloCommands commands, TextWriter? output = null, TextWriter? error = null)
    {
        var result = Parse(Create(commands), args);
        // No termination handling: SIGTERM is the host's (a silo leaves its cluster gracefully, which can
        // take longer than the two seconds System.CommandLine would give). No exception handler either: a
        // silo that fails to start crashes as it did, with its exception, for the orchestrator to see.
        var invocation = new InvocationConfiguration
        {
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        if (result.Action is ParseErrorAction)
        {
            // The errors, then the failing command's help.
            result.Invoke(invocation);
            return UsageError;
        }

        return await result.InvokeAsync(invocation);
    }

    private static Argument<string[]> HostArguments(string example) => new("host-arguments")
    {
        Arity = ArgumentArity.ZeroOrMore,
        Description = $"host configuration, as --Key=value or --Key value (e.g. {example}); appsettings.json and environment " +
            "variables (Shop__Cluster__SiloPort) are read as well",
    };
}
