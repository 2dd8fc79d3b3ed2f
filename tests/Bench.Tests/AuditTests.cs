using Shop.Bench.Chaos;
using Shop.Bench.Load;
using Shop.Bench.Soak;

namespace Shop.Bench.Tests;

public sealed class AuditTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("shop-bench-tests-").FullName;

    [Fact]
    public void Confirmation_emails_are_counted_per_order_from_their_subject()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        File.WriteAllText(Path.Combine(_folder, "1.eml"), $"From: shop\nSubject: Your order {a:N} is confirmed\n\nbody");
        File.WriteAllText(Path.Combine(_folder, "2.eml"), $"From: shop\nSubject: Your order {a:N} is confirmed\n\nbody again");
        File.WriteAllText(Path.Combine(_folder, "3.eml"), $"Subject: Your order {b:N} is confirmed\n");
        File.WriteAllText(Path.Combine(_folder, "4.eml"), "Subject: Welcome\n");

        var counts = MailAudit.ConfirmationsPerOrder(_folder);

        Assert.Equal(2, counts[a]);
        Assert.Equal(1, counts[b]);
        Assert.Equal(2, counts.Count);
    }

    [Fact]
    public void The_soak_fails_on_any_error_and_on_growth_beyond_its_bounds_only()
    {
        var options = new SoakOptions { Warmup = TimeSpan.FromMinutes(2) };
        ProcessSample At(double minutes, string process, long mib, int handles) =>
            new(TimeSpan.FromMinutes(minutes), process, mib * 1024 * 1024, null, handles, 30);

        var steady = new[] { At(0, "silo", 100, 200), At(2, "silo", 300, 300), At(12, "silo", 360, 320) };
        Assert.Empty(SoakVerdict.Judge(options, Result(errors: 0), steady).Violations);

        var growing = new[] { At(0, "silo", 100, 200), At(2, "silo", 300, 300), At(12, "silo", 400, 400) };
        var verdict = SoakVerdict.Judge(options, Result(errors: 3), growing);
        Assert.Equal(3, verdict.Violations.Count);
        Assert.Contains(verdict.Violations, v => v.Contains("3 errors"));
        Assert.Contains(verdict.Violations, v => v.Contains("resident memory grew from 300 to 400 MiB"));
        Assert.Contains(verdict.Violations, v => v.Contains("open handles grew from 300 to 400"));
    }

    [Fact]
    public void Chaos_options_refuse_unknown_arguments_and_read_the_documented_ones()
    {
        Assert.Contains("'--warp'", Assert.Single(CommandLine.BenchCommandLine.Parse(["chaos", "--warp"]).Errors).Message);
        Assert.Equal("--rate needs a positive number.", Assert.Single(CommandLine.BenchCommandLine.Parse(["chaos", "--rate", "-1"]).Errors).Message);
        var parsed = CommandLine.BenchCommandLine.Parse(["chaos", "--rate", "20", "--outage", "5", "--seed", "3"]);
        Assert.Empty(parsed.Errors);
        var options = Assert.IsType<ChaosCommand>(parsed.CommandResult.Command).Read(parsed);
        Assert.Equal((20.0, TimeSpan.FromSeconds(5), 3), (options.OrdersPerSecond, options.Outage, options.Seed));
    }

    private static LoadResult Result(long errors) => new()
    {
        Name = "soak",
        Settings = new LoadSettings(TimeSpan.Zero, TimeSpan.FromMinutes(10), 1, 1),
        Operations = 1000,
        Latencies = new Dictionary<string, HdrHistogram.LongHistogram>(),
        Counts = new Dictionary<string, long>(),
        Errors = errors == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["me 500"] = errors },
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
