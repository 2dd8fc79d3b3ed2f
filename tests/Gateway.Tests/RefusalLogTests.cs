using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Hosting;

namespace Shop.Gateway.Tests;

/// <summary>A flood of refused requests is counted, not logged line by line (issue 16: 41 MiB of log in 10 s from one client).</summary>
/// <remarks>
/// The refusal counters are static, so process-wide: the classes of this collection run one at a time,
/// no class outside it floods a cluster port, and the other collection's gateways may add 429s (so the
/// rate limit count is a lower bound).
/// </remarks>
[Collection(GatewayFaultsCollection.Name)]
public sealed class RefusalLogTests(FaultInjectingGatewayFixture fixture)
{
    [Fact]
    public void The_sampler_lets_one_line_through_per_period_and_says_how_many_it_held_back()
    {
        var clock = new ManualClock();
        var sampler = new LogSampler(TimeSpan.FromSeconds(1), clock);

        Assert.True(sampler.ShouldLog(out var first));
        Assert.Equal(0, first);
        for (var i = 0; i < 999; i++)
        {
            Assert.False(sampler.ShouldLog(out _));
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(sampler.ShouldLog(out var heldBack));
        Assert.Equal(999, heldBack);
    }

    [Fact]
    public async Task A_flood_of_rate_limited_requests_writes_at_most_one_log_line_a_second()
    {
        var lines = new ConcurrentQueue<string>();
        var settings = fixture.ClusterSettings();
        settings["Shop:RateLimits:PerCaller:TokenLimit"] = "1";
        settings["Shop:RateLimits:PerCaller:TokensPerPeriod"] = "1";
        settings["Shop:RateLimits:PerCaller:ReplenishmentPeriod"] = "00:10:00";
        await using var gateway = new GatewayFactory(settings);
        using var capturing = gateway.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(new CapturingProvider(lines))));
        var client = capturing.CreateClient();
        using var rejections = new CounterTotal(GatewayMetrics.Meter.Name, "shop.gateway.rate_limit.rejections");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var refused = 0;
        for (var i = 0; i < 400; i++)
        {
            using var response = await client.GetAsync("/api/products");
            refused += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Assert.True(refused >= 398, $"{refused} of 400 refused");
        var logged = lines.Count(l => l.StartsWith(Shop.Gateway.RateLimiting.RateLimitSetup.LogCategory, StringComparison.Ordinal));
        Assert.True(logged <= Math.Ceiling(seconds) + 1, $"{logged} lines for {refused} refusals in {seconds:F1} s");
        // What the log holds back, the metric counts: every 429 (the counter is added before the answer
        // is written). The counter is process-wide, and the other collection's gateways refuse too.
        Assert.True(rejections.Total >= refused, $"{rejections.Total} of {refused} refusals counted");
    }

    [Fact]
    public void A_flood_of_refused_tls_handshakes_is_one_line_a_second_without_stack_traces()
    {
        var lines = new ConcurrentQueue<string>();
        using var services = new ServiceCollection()
            // With the level the shop's appsettings give Orleans: a category rule the refusal log must win over.
            .AddLogging(logging => logging.AddFilter("Orleans", LogLevel.Warning).AddProvider(new CapturingProvider(lines)).AddShopConnectionRefusalLog())
            .BuildServiceProvider();
        var orleans = services.GetRequiredService<ILoggerFactory>().CreateLogger(ConnectionRefusalLog.OrleansCategory);
        using var refusals = new CounterTotal("Shop.Cluster", "shop.cluster.tls.refusals");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            // As Orleans' TLS middleware logs a refused handshake: a warning with the exception.
            orleans.LogWarning(new System.Security.Authentication.AuthenticationException("Authentication failed", new IOException("unsupported protocol")), "Authentication failed");
        }

        Assert.DoesNotContain(lines, l => l.StartsWith(ConnectionRefusalLog.OrleansCategory, StringComparison.Ordinal));
        var summaries = lines.Where(l => l.StartsWith(ConnectionRefusalLog.Category, StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(summaries);
        Assert.True(summaries.Length <= Math.Ceiling(clock.Elapsed.TotalSeconds) + 1, $"{summaries.Length} lines for 2000 refusals");
        Assert.All(summaries, l => Assert.DoesNotContain("\n", l));
        // Every refusal counted. At least, not exactly: the fixture's silo may still refuse a handshake a
        // client of an earlier test (TransportSecurityTests) abandoned, and that counts here too.
        Assert.True(refusals.Total >= 2000, $"{refusals.Total} of 2000 refusals counted");
    }

    /// <summary>The sum of what one counter records while this lives.</summary>
    private sealed class CounterTotal : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public CounterTotal(string meter, string instrument)
        {
            _listener.InstrumentPublished = (published, listener) =>
            {
                if (published.Meter.Name == meter && published.Name == instrument)
                {
                    listener.EnableMeasurementEvents(published);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            // With the exception as a console logger writes it: its stack trace is what made the lines long.
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
        }
    }
}
