using System.Diagnostics;

namespace Shop.TestSupport;

/// <summary>
/// A child process of the bench (a silo, the gateway, the baseline server): output to a log file,
/// readiness by polling an HTTP URL, resident memory from /proc, and killed with the bench whatever
/// happens, so no server outlives a run.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ManagedProcess(string name, Process process, string log)
    {
        Name = name;
        _process = process;
        LogFile = log;
    }

    public string Name { get; }
    public string LogFile { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// Starts <c>dotnet {dll} {args}</c> in the dll's folder with extra environment settings; with
    /// <paramref name="cgroup"/> (a cgroup v2 directory) the process runs in that cgroup from its first
    /// instruction, so every socket it ever opens belongs to the cgroup (a socket keeps the cgroup it
    /// was created in: moving a running process would leave its open connections outside).
    /// </summary>
    public static ManagedProcess StartDotnet(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string logDirectory,
        string? cgroup = null)
    {
        var start = new ProcessStartInfo(cgroup is null ? "dotnet" : "/bin/bash")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (cgroup is not null)
        {
            // The shell joins the cgroup, then becomes dotnet (exec keeps the pid the bench knows). Bash,
            // not sh: dash drops environment variables whose names hold a '.', such as
            // Logging__LogLevel__Orleans.Runtime.MembershipService.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("echo $$ > \"$0/cgroup.procs\" && exec dotnet \"$@\"");
            start.ArgumentList.Add(cgroup);
        }

        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        var log = Path.Combine(logDirectory, $"{name}.log");
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        AbortCleanup.Register(process, () => process.Kill(entireProcessTree: true));
        var writer = TextWriter.Synchronized(new StreamWriter(log) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) writer.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) writer.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ManagedProcess(name, process, log);
    }

    /// <summary>Waits until <paramref name="url"/> answers 2xx; fails early when the process exits.</summary>
    public async Task WaitReadyAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} during start-up:\n{Tail()}");
            }

            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not ready at {url} within {timeout}:\n{Tail()}");
    }

    /// <summary>For a one-shot command: waits for it to exit and fails unless it exited with 0.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        if (_process.ExitCode != 0)
        {
            await Task.Delay(100); // let the output readers flush
            throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Tail()}");
        }
    }

    /// <summary>Resident set size (VmRSS) in bytes, from /proc (Linux).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS for process {Pid}.");
    }

    /// <summary>Total CPU time (user + system) the process used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>SIGKILL, as a crash: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Open file descriptors (sockets, files, pipes), from /proc (Linux).</summary>
    public int OpenHandles() => Directory.GetFiles($"/proc/{Pid}/fd").Length;

    /// <summary>Operating-system threads of the process, from /proc (Linux).</summary>
    public int Threads() => Directory.GetDirectories($"/proc/{Pid}/task").Length;

    public string Tail(int lines = 40)
    {
        if (!File.Exists(LogFile))
        {
            return "(no log)";
        }

        // A crash's stack trace is longer than the tail: start at its first line, which names the exception.
        var all = File.ReadAllLines(LogFile);
        var crash = Array.FindLastIndex(all, l => l.StartsWith("Unhandled exception", StringComparison.Ordinal));
        return string.Join('\n', crash >= 0 ? all.Skip(crash).Take(lines) : all.TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first: the silo leaves the cluster cleanly; then make sure.
            try
            {
                Process.Start("kill", ["-TERM", Pid.ToString()])?.WaitForExit();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        AbortCleanup.Unregister(_process);
        _process.Dispose();
    }
}
