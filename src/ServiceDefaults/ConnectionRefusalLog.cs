using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.Hosting;

/// <summary>
/// Refused TLS handshakes on a cluster port (a scanner, a client without the cluster's certificate,
/// TLS 1.2) are counted (<c>shop.cluster.tls.refusals</c>) and logged at most once a second in one
/// line, instead of Orleans' warning with a multi-line stack trace per refusal (4.8 MiB of log in
/// 10 s from one client). Orleans' own lines of that category reach only this provider.
/// </summary>
public static class ConnectionRefusalLog
{
    public const string OrleansCategory = "Orleans.Connections.Security.TlsServerConnectionMiddleware";
    public const string Category = "Shop.Cluster.Tls";

    private static readonly Counter<long> Refusals =
        new Meter("Shop.Cluster").CreateCounter<long>("shop.cluster.tls.refusals", description: "TLS handshakes refused on a cluster port.");

    public static ILoggingBuilder AddShopConnectionRefusalLog(this ILoggingBuilder logging)
    {
        logging.Services.AddSingleton<ILoggerProvider, RefusalProvider>();
        var ours = typeof(RefusalProvider).FullName;
        // A rule for the exact category: it is more specific than the configuration's "Orleans"
        // level, which a category-less filter would lose to.
        logging.Services.Configure<LoggerFilterOptions>(o =>
            o.Rules.Add(new LoggerFilterRule(providerName: null, categoryName: OrleansCategory, logLevel: null, filter: (provider, _, _) => provider == ours)));
        return logging;
    }

    /// <summary>Receives the middleware's lines; writes its summary through the other providers, under <see cref="Category"/>.</summary>
    private sealed class RefusalProvider(IServiceProvider services) : ILoggerProvider
    {
        private readonly LogSampler _sampler = new(TimeSpan.FromSeconds(1));
        // Resolved on first use: the factory is not built yet when providers are created.
        private ILogger? _summary;

        public ILogger CreateLogger(string categoryName) => categoryName == OrleansCategory ? new Refusal(this) : NoLog.Instance;

        public void Dispose()
        {
        }

        private void Refused(string message, Exception? exception)
        {
            Refusals.Add(1);
            if (_sampler.ShouldLog(out var heldBack))
            {
                _summary ??= services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
                _summary.LogWarning("TLS handshake refused on a cluster port: {Message} ({Reason}; {HeldBack} more refused since the last line)",
                    message, exception?.GetBaseException().Message ?? "no detail", heldBack);
            }
        }

        private sealed class Refusal(RefusalProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    provider.Refused(formatter(state, exception), exception);
                }
            }
        }
    }

    private sealed class NoLog : ILogger
    {
        public static readonly NoLog Instance = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
