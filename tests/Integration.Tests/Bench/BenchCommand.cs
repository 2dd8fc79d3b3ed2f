using System.Diagnostics;

namespace Shop.Integration.Tests.Bench;

/// <summary>Runs the built bench (bench/bin/{configuration}/net10.0/Shop.Bench.dll) as the README's commands do.</summary>
public static class BenchCommand
{
    public static async Task<(int ExitCode, string Log)> Run(TimeSpan timeout, params string[] args)
    {
        var dll = RepositoryLayout.BenchDll;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM first: the bench's own cleanup stops the processes and the PostgreSQL it started.
            Process.Start("kill", ["-TERM", process.Id.ToString()])?.WaitForExit();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }

            throw new TimeoutException($"the bench did not finish within {timeout}:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
