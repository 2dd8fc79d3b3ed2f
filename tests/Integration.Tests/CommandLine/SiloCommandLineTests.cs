using Microsoft.AspNetCore.Builder;
using Shop.Silo.Commands;

namespace Shop.Integration.Tests.CommandLine;

/// <summary>
/// The silo's command line with recording commands: which command each line runs and what it hands on.
/// The silo is started as run.sh, the bench, the tests and the manifests start it (no command, host
/// arguments only), and "migrate" is a command only in the first position.
/// </summary>
public sealed class SiloCommandLineTests
{
    private readonly List<string> _calls = [];

    [Fact]
    public async Task With_no_command_the_whole_line_is_the_silos_host_configuration_verbatim()
    {
        // As run.sh starts a silo.
        string[] runSh = ["--urls", "http://127.0.0.1:8081", "--Shop:Cluster:SiloPort=11311", "--Shop:Cluster:GatewayPort=30311",
            "--Shop:Email:PickupDirectory=/tmp/shop mail", "--Shop:Catalog:SeedDemo=true", "--Shop:Tls:CertificateFile=/k/silo.pem"];
        Assert.Equal(0, await Invoke(runSh));
        Assert.Equal(["run " + string.Join('|', runSh)], _calls);

        _calls.Clear();
        // As the manifests, docker-compose and the tests' silo processes start it: configuration from the environment only.
        Assert.Equal(0, await Invoke());
        Assert.Equal(["run "], _calls);

        _calls.Clear();
        Assert.Equal(0, await Invoke("run", "--urls=http://127.0.0.1:5100", "Shop:Persistence=Postgres", "/Shop:Catalog:SeedDemo", "false"));
        Assert.Equal(["run --urls=http://127.0.0.1:5100|Shop:Persistence=Postgres|/Shop:Catalog:SeedDemo|false"], _calls);
    }

    [Theory]
    [InlineData("--Shop:Cluster:ClusterId", "migrate")]
    [InlineData("--urls", "http://127.0.0.1:5100", "migrate")]
    [InlineData("--Shop:Cluster:ClusterId=migrate", "dev-keys", "/tmp/x")]
    [InlineData("run", "migrate")]
    public async Task Migrate_and_dev_keys_anywhere_but_first_are_host_configuration_values(params string[] args)
    {
        Assert.Equal(0, await Invoke(args));
        Assert.Equal([$"run {string.Join('|', args.SkipWhile(a => a == "run"))}"], _calls);
    }

    [Fact]
    public async Task Migrate_as_the_command_migrates_with_the_host_arguments_that_follow()
    {
        Assert.Equal(0, await Invoke("migrate"));
        Assert.Equal(0, await Invoke("migrate", "--ConnectionStrings:Cluster=Host=127.0.0.1;Port=5432;Database=shop_cluster", "--Shop:Persistence", "Postgres"));
        Assert.Equal(["migrate ", "migrate --ConnectionStrings:Cluster=Host=127.0.0.1;Port=5432;Database=shop_cluster|--Shop:Persistence|Postgres"], _calls);
    }

    [Fact]
    public async Task The_host_arguments_become_the_hosts_configuration()
    {
        string[] args = ["--urls", "http://127.0.0.1:5199", "--Shop:Cluster:ClusterId", "migrate", "--Shop:Cluster:SiloPort=11999"];
        string[]? handedOn = null;
        var commands = new SiloCommands(a => { handedOn = a; return Task.FromResult(0); }, _ => Task.FromResult(1), _ => { });
        Assert.Equal(0, await SiloCommandLine.InvokeAsync(args, commands, TextWriter.Null, TextWriter.Null));

        // What the silo does with them (Program): the host builder's command-line configuration.
        var configuration = WebApplication.CreateBuilder(handedOn!).Configuration;
        Assert.Equal("http://127.0.0.1:5199", configuration["urls"]);
        Assert.Equal("migrate", configuration["Shop:Cluster:ClusterId"]);
        Assert.Equal("11999", configuration["Shop:Cluster:SiloPort"]);
    }

    [Fact]
    public async Task Signing_keys_rotate_adds_a_key_to_the_ring_file_and_gives_the_previous_one_its_window()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("shop-ring-").FullName, "signing-keys.json");
        var commands = new SiloCommands(_ => Task.FromResult(0), _ => Task.FromResult(0), _ => { });
        var output = new StringWriter();

        Assert.Equal(0, await SiloCommandLine.InvokeAsync(["signing-keys", "rotate", file], commands, output, TextWriter.Null));
        Assert.Equal(0, await SiloCommandLine.InvokeAsync(["signing-keys", "rotate", file, "--window", "00:30:00", "--activate-in", "00:00:00"],
            commands, output, TextWriter.Null));

        var ring = Shop.Hosting.TokenSigningKeyRing.Load(file);
        Assert.Equal(2, ring.Keys.Count);
        Assert.Equal(ring.Keys[1].ActiveFrom + TimeSpan.FromMinutes(30), ring.Keys[0].AcceptUntil);
        Assert.Null(ring.Keys[1].AcceptUntil);
        Assert.Contains(ring.Keys[1].KeyId, output.ToString());
        Assert.Equal(SiloCommandLine.UsageError,
            await SiloCommandLine.InvokeAsync(["signing-keys", "rotate", file, "--window", "-00:01:00"], commands, TextWriter.Null, TextWriter.Null));
        Assert.Equal(SiloCommandLine.UsageError, await SiloCommandLine.InvokeAsync(["signing-keys", "rotate"], commands, TextWriter.Null, TextWriter.Null));
    }

    [Fact]
    public async Task Dev_keys_writes_to_the_one_folder_it_is_given_and_refuses_anything_else()
    {
        Assert.Equal(0, await Invoke("dev-keys", "/tmp/shop keys"));
        Assert.Equal(["dev-keys /tmp/shop keys"], _calls);

        _calls.Clear();
        var (missing, _, missingError) = await InvokeCapturing("dev-keys");
        Assert.Equal(SiloCommandLine.UsageError, missing);
        Assert.Contains("dev-keys", missingError);
        var (extra, _, extraError) = await InvokeCapturing("dev-keys", "/tmp/a", "/tmp/b");
        Assert.Equal(SiloCommandLine.UsageError, extra);
        Assert.Contains("'/tmp/b'", extraError);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task Every_command_has_help_and_help_runs_nothing()
    {
        var (exitCode, help, _) = await InvokeCapturing("--help");
        Assert.Equal(0, exitCode);
        foreach (var command in new[] { SiloCommandLine.RunCommand, SiloCommandLine.MigrateCommand, SiloCommandLine.DevKeysCommand })
        {
            Assert.Contains($"  {command} ", help);
            var (commandExit, commandHelp, error) = await InvokeCapturing(command, "--help");
            Assert.Equal(0, commandExit);
            Assert.Empty(error);
            Assert.Matches($@"Usage:\s+\S+ {command} ", commandHelp);
        }

        Assert.Contains("<directory>", (await InvokeCapturing("dev-keys", "-h")).Output);
        Assert.Contains("--Key=value", (await InvokeCapturing("migrate", "-h")).Output);
        Assert.Empty(_calls);
    }

    private Task<int> Invoke(params string[] args) => SiloCommandLine.InvokeAsync(args, Recording(), TextWriter.Null, TextWriter.Null);

    private async Task<(int ExitCode, string Output, string Error)> InvokeCapturing(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exitCode = await SiloCommandLine.InvokeAsync(args, Recording(), output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    private SiloCommands Recording() => new(
        args => Record("run", args),
        args => Record("migrate", args),
        directory => _calls.Add($"dev-keys {directory}"));

    private Task<int> Record(string command, string[] args)
    {
        _calls.Add($"{command} {string.Join('|', args)}");
        return Task.FromResult(0);
    }
}
