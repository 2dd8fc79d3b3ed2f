
namespace Shop.Integration.Tests.Durability;

/// <summary>
/// A real silo process (the built src/Silo, run with <c>dotnet Shop.Silo.dll</c>) on free ports of
/// 127.0.0.1, so a test can kill it with SIGKILL like a crashing machine. The process itself is the
/// bench's <see cref="ManagedProcess"/> (log file, readiness, killed with the test host whatever happens).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(90);
    private readonly ManagedProcess _process;
    private readonly string _logDirectory;

    private SiloProcess(ManagedProcess process, int httpPort, string logDirectory)
    {
        _process = process;
        HttpPort = httpPort;
        _logDirectory = logDirectory;
    }

    public int HttpPort { get; }

    /// <summary>What the process wrote so far (standard output and error).</summary>
    public string Output => File.ReadAllText(_process.LogFile);
    public int Pid => _process.Pid;
    public bool HasExited => _process.HasExited;

    public static async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var httpPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Shop:Cluster:SiloPort"] = FreePort.Next().ToString(),
            ["Shop:Cluster:GatewayPort"] = FreePort.Next().ToString(),
        };
        foreach (var (key, value) in settings)
        {
            if (value is not null)
            {
                environment[key] = value;
            }
        }

        var logs = Directory.CreateTempSubdirectory($"shop-{name}-").FullName;
        var process = ManagedProcess.StartDotnet(name, RepositoryLayout.SiloDll, [$"--urls=http://127.0.0.1:{httpPort}"], environment, logs);
        var silo = new SiloProcess(process, httpPort, logs);
        try
        {
            await silo.WaitUntilReadyAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public Task WaitUntilReadyAsync() => _process.WaitReadyAsync($"http://127.0.0.1:{HttpPort}/ready", ReadyWithin);

    /// <summary>SIGKILL: no graceful shutdown, no goodbye to the cluster.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        // Killed, not stopped: a test's silos need no clean goodbye, and it would cost seconds each.
        _process.Kill();
        await _process.DisposeAsync();
        await Task.Delay(100); // let the output readers flush before the log goes
        Directory.Delete(_logDirectory, recursive: true);
    }
}
