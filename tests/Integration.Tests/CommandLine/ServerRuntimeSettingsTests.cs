using System.Text.Json;

namespace Shop.Integration.Tests.CommandLine;

/// <summary>
/// The silo and the gateway are built with the thread pool's spinning off (src/Directory.Build.targets):
/// an idle worker sleeps at once instead of taking CPU from the processes it shares cores with
/// (BENCHMARKS.md, "ninth pass"). The setting lives in each program's runtimeconfig.json.
/// </summary>
public sealed class ServerRuntimeSettingsTests
{
    public static TheoryData<string> ServerPrograms => new() { "silo", "gateway" };

    [Theory]
    [MemberData(nameof(ServerPrograms))]
    public void The_server_processes_are_built_with_idle_thread_pool_workers_that_do_not_spin(string program)
    {
        var dll = program == "silo" ? RepositoryLayout.SiloDll : RepositoryLayout.GatewayDll;
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")));

        var spinLimit = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties")
            .GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit");

        Assert.Equal(0, spinLimit.GetInt32());
    }
}
