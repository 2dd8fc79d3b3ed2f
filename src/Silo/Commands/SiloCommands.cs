namespace Shop.Silo.Commands;

/// <summary>
/// What each of the silo's commands does, given what its command line carries: Program passes the real
/// ones, tests their own, so the command line is tested without starting a silo.
/// </summary>
/// <param name="Run">Runs the silo (a .NET generic host) with these host arguments (--Key=value, --Key value); returns the exit code.</param>
/// <param name="Migrate">Creates or upgrades the schema with the configuration these host arguments add; returns the exit code.</param>
/// <param name="WriteDevelopmentKeys">Writes the throwaway credentials to this folder.</param>
/// <param name="RotateSigningKeys">Rotates the gateways' token signing key ring: file, rotation window, activation delay, output; returns the exit code.</param>
public sealed record SiloCommands(
    Func<string[], Task<int>> Run,
    Func<string[], Task<int>> Migrate,
    Action<string> WriteDevelopmentKeys,
    Func<string, TimeSpan, TimeSpan, TextWriter, int>? RotateSigningKeys = null)
{
    /// <summary>The real rotation: <see cref="Shop.Hosting.TokenSigningKeyRing.RotateFile"/>, then what it did.</summary>
    public static int RotateSigningKeyFile(string file, TimeSpan window, TimeSpan activateIn, TextWriter output)
    {
        var now = DateTimeOffset.UtcNow;
        var key = Shop.Hosting.TokenSigningKeyRing.RotateFile(file, now, window, activateIn);
        output.WriteLine($"{file}: new signing key {key.KeyId}, signing from {key.ActiveFrom:O}; " +
            $"the previous key is accepted until {key.ActiveFrom + window:O}.");
        return 0;
    }
}
