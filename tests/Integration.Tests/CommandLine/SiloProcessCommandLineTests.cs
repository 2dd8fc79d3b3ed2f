using System.Diagnostics;
using Shop.Silo.Hosting;

namespace Shop.Integration.Tests.CommandLine;

/// <summary>
/// The built silo (dotnet Shop.Silo.dll) started with the command lines of run.sh, the bench and the
/// manifests: host arguments reach its configuration, "migrate" runs only as the command, dev-keys writes
/// its files. On free ports of 127.0.0.1.
/// </summary>
[Trait(TestTraits.Needs, TestTraits.Processes)]
public sealed class SiloProcessCommandLineTests
{
    [Fact]
    public async Task A_silo_started_with_migrate_as_a_configuration_value_runs_configured_by_it()
    {
        var httpPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Shop:Cluster:SiloPort"] = FreePort.Next().ToString(),
            ["Shop:Cluster:GatewayPort"] = FreePort.Next().ToString(),
            ["Shop:Catalog:SeedDemo"] = "false",
        };
        foreach (var (key, value) in TestKeys.SiloSettings())
        {
            environment[key] = value!;
        }

        var logs = Directory.CreateTempSubdirectory("shop-silo-cli-").FullName;
        await using var silo = ManagedProcess.StartDotnet("silo", RepositoryLayout.SiloDll,
            ["--urls", $"http://127.0.0.1:{httpPort}", "--Shop:Cluster:ClusterId", "migrate"], environment, logs);

        await silo.WaitReadyAsync($"http://127.0.0.1:{httpPort}/ready", TimeSpan.FromSeconds(90));

        var log = await File.ReadAllTextAsync(silo.LogFile);
        Assert.Contains("Silo migrate/orleans-shop", log);
        Assert.DoesNotContain("Shop.Silo.Migrate", log);
    }

    [Fact]
    public async Task Migrate_reads_the_host_arguments_that_follow_it()
    {
        // Only the cluster's connection string, on the command line: the others are reported missing, and it is not.
        var (exitCode, log) = await Run(["migrate", "--Shop:Persistence=Postgres", "--ConnectionStrings:Cluster=Host=127.0.0.1;Port=1;Database=shop_cluster"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Durable mode needs these connection strings: ConnectionStrings:Users, ConnectionStrings:Inventory", log);
        Assert.DoesNotContain("ConnectionStrings:Cluster", log);
    }

    [Fact]
    public async Task Dev_keys_writes_the_credentials_and_a_bad_command_line_exits_with_2()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("shop-dev-keys-").FullName, "keys");
        try
        {
            var (exitCode, log) = await Run(["dev-keys", folder]);
            Assert.True(exitCode == 0, log);
            foreach (var file in new[] { DevelopmentKeys.CaFile, DevelopmentKeys.PrivateKeyFile, DevelopmentKeys.PublicKeyFile,
                         DevelopmentKeys.CertificateFile("silo"), DevelopmentKeys.KeyFile("gateway") })
            {
                Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing");
            }

            var (missing, usage) = await Run(["dev-keys"]);
            Assert.Equal(2, missing);
            Assert.Contains("Usage:", usage);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Log)> Run(string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(RepositoryLayout.SiloDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(RepositoryLayout.SiloDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
