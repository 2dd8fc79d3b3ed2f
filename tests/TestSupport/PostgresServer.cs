using System.Diagnostics;
using Npgsql;

namespace Shop.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster started from the installed binaries: a fresh data folder, a free
/// port, listening on 127.0.0.1 only, trust authentication for the local test user. Stopped and
/// deleted on dispose. Started as the 'postgres' user when the tests run as root (initdb refuses root).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "shop";
    private readonly string _bin;
    private readonly string _root;
    private readonly string _dataDirectory;

    private readonly PostgresDurability _durability;

    private PostgresServer(string bin, string root, int port, PostgresDurability durability)
    {
        _bin = bin;
        _root = root;
        _dataDirectory = Path.Combine(root, "data");
        Port = port;
        _durability = durability;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = User,
            Database = database,
            Pooling = true,
            Timeout = 5,
        }.ConnectionString;

    /// <summary>Starts a new server with the given durability settings (see <see cref="PostgresDurability"/>).</summary>
    public static async Task<PostgresServer> StartAsync(PostgresDurability durability = PostgresDurability.Fast)
    {
        var bin = PostgresBinaries.Directory ?? throw new InvalidOperationException(PostgresBinaries.MissingReason);
        var root = Path.Combine(Path.GetTempPath(), $"shop-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var server = new PostgresServer(bin, root, FreePort.Next(), durability);
        await server.InitAndStart();
        return server;
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task InitAndStart()
    {
        if (Environment.IsPrivilegedProcess)
        {
            // The data folder must belong to the user the server runs as.
            await Run("chown", ["-R", "postgres:postgres", _root]);
        }

        await RunPostgres("initdb", ["-D", _dataDirectory, "-U", User, "--auth=trust", "--encoding=UTF8", "--no-sync"]);
        await StartServerAsync();
    }

    /// <summary>Starts the server again after <see cref="StopServerAsync"/> (same data, same port); returns once it accepts connections.</summary>
    public Task StartServerAsync()
    {
        var (fsync, synchronousCommit) = _durability switch
        {
            PostgresDurability.Production => ("on", "on"),
            PostgresDurability.CrashSafe => ("off", "on"),
            _ => ("off", "off"),
        };
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -k {_root} -c fsync={fsync} -c synchronous_commit={synchronousCommit} -c max_connections=300";
        return RunPostgres("pg_ctl", ["-D", _dataDirectory, "-o", options, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"]);
    }

    /// <summary>
    /// Stops the server the way an outage does: 'immediate' drops every connection at once, without
    /// a checkpoint (the next start recovers from the write-ahead log).
    /// </summary>
    public Task StopServerAsync() => RunPostgres("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunPostgres("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: the folder is under the temp directory.
            }
        }
    }

    private Task RunPostgres(string tool, string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.IsPrivilegedProcess
            ? Run("runuser", ["-u", "postgres", "--", path, .. args])
            : Run(path, args);
    }

    private static async Task Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}

/// <summary>How a throwaway server makes commits durable.</summary>
public enum PostgresDurability
{
    /// <summary>
    /// fsync and synchronous_commit off: a commit is acknowledged before its WAL is written. For tests,
    /// which never crash the server.
    /// </summary>
    Fast,

    /// <summary>
    /// synchronous_commit on, fsync off: a server process killed (StopServerAsync) keeps every
    /// acknowledged commit; only a crash of the machine could lose one.
    /// </summary>
    CrashSafe,

    /// <summary>fsync and synchronous_commit on, as production runs PostgreSQL: what durable benchmark figures are measured on.</summary>
    Production,
}
