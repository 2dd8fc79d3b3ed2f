namespace Shop.Silo.Commands;

/// <summary>
/// What each of the silo's commands does, given what its command line carries: Program passes the real
/// ones, tests their own, so the command line is tested without starting a silo.
/// </summary>
/// <param name="Run">Runs the silo (a .NET generic host) with these host arguments (--Key=value, --Key value); returns the exit code.</param>
/// <param name="Migrate">Creates or upgrades the schema with the configuration these host arguments add; returns the exit code.</param>
/// <param name="WriteDevelopmentKeys">Writes the throwaway credentials to this folder.</param>
public sealed record SiloCommands(Func<string[], Task<int>> Run, Func<string[], Task<int>> Migrate, Action<string> WriteDevelopmentKeys);
