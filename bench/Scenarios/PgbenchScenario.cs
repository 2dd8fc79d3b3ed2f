using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Shop.Bench.Reporting;

namespace Shop.Bench.Scenarios;

/// <summary>
/// The database's own write limit, in the same run and on the same server as the durable shop:
/// pgbench with 8 clients, each transaction one single-row INSERT, into a database of its own.
/// </summary>
public static partial class PgbenchScenario
{
    private const string Database = "bench_pgbench";
    public const int Clients = 8;

    public static async Task Run(BenchSession session, int run)
    {
        var postgres = session.System.Postgres ?? throw new InvalidOperationException("pgbench needs --postgres.");
        if (run == 1)
        {
            await postgres.CreateDatabaseAsync(Database);
            await using var connection = new Npgsql.NpgsqlConnection(postgres.ConnectionString(Database));
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand(
                "CREATE TABLE single_row_insert (id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())", connection);
            await create.ExecuteNonQueryAsync();
        }

        var script = Path.Combine(session.Work, "insert.sql");
        await File.WriteAllTextAsync(script, "INSERT INTO single_row_insert (payload) VALUES ('order-sized row written by pgbench');\n");
        var seconds = (int)Math.Max(1, Math.Round(session.Options.Duration.TotalSeconds));
        var output = await Pgbench(["-n", "-h", "127.0.0.1", "-p", postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "shop",
            "-c", Clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, Database]);
        var tps = Tps().Match(output) is { Success: true } m
            ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench printed no tps:\n{output}");
        var measurement = Measurement.Figure("pgbench", run, $"{Clients} clients, single-row INSERT, {seconds} s",
            new Dictionary<string, double> { ["tps"] = Math.Round(tps, 1) }, Math.Round(tps, 1));
        session.Measurements.Add(measurement);
        session.Progress.WriteLine(Summary.Line(measurement));
    }

    private static async Task<string> Pgbench(string[] args)
    {
        var start = new ProcessStartInfo(PgbenchPath()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start pgbench.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"pgbench exited with {process.ExitCode}:\n{await output}\n{await error}");
    }

    /// <summary>pgbench from the same PostgreSQL installation as the server, else from PATH.</summary>
    private static string PgbenchPath() =>
        Shop.TestSupport.PostgresBinaries.Directory is { } bin && File.Exists(Path.Combine(bin, "pgbench"))
            ? Path.Combine(bin, "pgbench")
            : "pgbench";

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
