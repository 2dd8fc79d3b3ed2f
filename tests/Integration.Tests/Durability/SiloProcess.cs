using System.Diagnostics;
using Shop.Tests.Shared;

namespace Shop.Integration.Tests.Durability;

/// <summary>
/// A real silo process (the built src/Silo, run with <c>dotnet Shop.Silo.dll</c>) on free ports of
/// 127.0.0.1, so a test can kill it with SIGKILL like a crashing machine.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    // Every silo this test run started: killed when the test host exits, whatever state a failed
    // test left them in, so no silo outlives the run.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Started = new();

    static SiloProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Started.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    };

    private readonly Process _process;
    private readonly string _log;

    private SiloProcess(Process process, int httpPort, string log)
    {
        _process = process;
        HttpPort = httpPort;
        _log = log;
    }

    public int HttpPort { get; }

    /// <summary>What the process wrote so far (standard output and error).</summary>
    public string Output => File.ReadAllText(_log);
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public static async Task<SiloProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var directory = Path.Combine(RepositoryRoot(), "src", "Silo", "bin", BuildConfiguration(), "net10.0");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("Shop.Silo.dll");
        var httpPort = FreePort.Next();
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{httpPort}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Shop__Cluster__SiloPort"] = FreePort.Next().ToString();
        start.Environment["Shop__Cluster__GatewayPort"] = FreePort.Next().ToString();
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        var log = Path.Combine(Path.GetTempPath(), $"shop-{name}-{Guid.NewGuid():N}.log");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo.");
        Started[process.Id] = process;
        var writer = TextWriter.Synchronized(new StreamWriter(log) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var silo = new SiloProcess(process, httpPort, log);
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

    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.Until(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {_process.ExitCode}:\n{await File.ReadAllTextAsync(_log)}");
            }

            try
            {
                return (await http.GetAsync($"http://127.0.0.1:{HttpPort}/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, ready => ready, $"silo on port {HttpPort} to be ready", TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGKILL: no graceful shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        Started.TryRemove(_process.Id, out _);
        _process.Dispose();
        await Task.Delay(100); // let the output readers flush before the log goes
        File.Delete(_log);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Shop.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orleans.Shop.sln not found above the test binaries.");
    }

    /// <summary>The configuration the tests were built with (Debug or Release): the silo was built alongside.</summary>
    public static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
}
