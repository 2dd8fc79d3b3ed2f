using System.Diagnostics;

namespace Shop.Bench.Chaos.Partition;

/// <summary>Runs iptables; installs it from Debian's packages when it is missing, or fails saying how to get it.</summary>
public static class Iptables
{
    private const string Binary = "iptables";

    /// <summary>Makes sure iptables can be run (installing the package when apt-get is there), or throws a message that says what is missing.</summary>
    public static void EnsureAvailable(Action<string> say)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The partition fault changes iptables rules and cgroups: run the chaos run as root, or with --partition 0 to leave it out.");
        }

        if (TryRun(["-w", "-S", "OUTPUT"], out _))
        {
            return;
        }

        say("iptables is missing: installing it (apt-get install iptables) ...");
        if (!(RunTool("apt-get", ["update", "-qq"]) && RunTool("apt-get", ["install", "-y", "-qq", "iptables"]) && TryRun(["-w", "-S", "OUTPUT"], out _)))
        {
            throw new InvalidOperationException("The partition fault needs iptables, and installing it failed: run 'apt-get install iptables', or leave the fault out with --partition 0.");
        }
    }

    /// <summary>Runs one invocation; throws with iptables' own message when it fails.</summary>
    public static void Run(string[] args)
    {
        if (!TryRun(args, out var error))
        {
            throw new InvalidOperationException($"iptables {string.Join(' ', args)} failed: {error}");
        }
    }

    public static bool TryRun(string[] args, out string error)
    {
        try
        {
            using var process = Start(Binary, args);
            error = process.StandardError.ReadToEnd().Trim();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static bool RunTool(string file, string[] args)
    {
        try
        {
            using var process = Start(file, args);
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static Process Start(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
