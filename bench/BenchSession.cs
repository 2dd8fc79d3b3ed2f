using Shop.Bench.Hosting;
using Shop.Bench.Load;
using Shop.Bench.Reporting;
using Shop.Bench.Scenarios;

namespace Shop.Bench;

/// <summary>
/// What every scenario of one bench run shares: the started system, the baseline server, the admin
/// and user tokens, the bench products and the measurements taken so far.
/// </summary>
public sealed class BenchSession : IAsyncDisposable
{
    private BenchSession(BenchOptions options, string work, TextWriter progress)
    {
        Options = options;
        Work = work;
        Progress = progress;
    }

    public BenchOptions Options { get; }
    public string Work { get; }
    public TextWriter Progress { get; }
    public ShopSystem System { get; private set; } = null!;
    public ManagedProcess? Baseline { get; private set; }
    public string BaselineUrl { get; private set; } = "";
    public string AdminToken { get; private set; } = "";
    public string[] UserTokens { get; private set; } = [];
    public string[] UserEmails { get; private set; } = [];
    public string[] Skus { get; private set; } = [];
    public List<Measurement> Measurements { get; } = [];

    public static async Task<BenchSession> StartAsync(BenchOptions options, TextWriter progress)
    {
        var work = Directory.CreateTempSubdirectory("shop-bench-").FullName;
        var session = new BenchSession(options, work, progress);
        try
        {
            await session.Start();
            return session;
        }
        catch
        {
            progress.WriteLine($"Start-up failed; logs are in {work}");
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task Start()
    {
        System = await ShopSystem.StartAsync(Options.Postgres, Work, m => Progress.WriteLine($"  {m}"), Options.Shape);
        if (Options.Scenarios.Contains("baseline"))
        {
            (Baseline, BaselineUrl) = await BaselineServer.StartAsync(Work);
        }

        using var http = BenchHttp.Create(System.GatewayUrl, 16);
        AdminToken = await BenchHttp.DevelopmentAdminToken(http);

        Progress.WriteLine($"  creating {Options.Skus} products and {Options.Users} users ...");
        Skus = [.. Enumerable.Range(1, Options.Skus).Select(BenchCatalog.Sku)];
        await BenchHttp.ForEach(Skus, 16, sku => BenchHttp.PutProduct(http, AdminToken, sku, BenchCatalog.Definition(sku)));

        var users = await BenchHttp.NewUsers("bench", Options.Users, async email => (Email: email, Token: await BenchHttp.NewUser(http, email)));
        UserEmails = [.. users.Select(u => u.Email)];
        UserTokens = [.. users.Select(u => u.Token)];
    }

    /// <summary>Runs one load and keeps its measurement.</summary>
    public async Task<LoadResult> Measure(string name, int run, string baseUrl, LoadSettings settings,
        Func<HttpClient, OperationContext, Task> operation, Func<LoadResult, Task<IReadOnlyDictionary<string, double>>>? figures = null)
    {
        using var http = BenchHttp.Create(baseUrl, settings.Connections);
        var cpu = CpuMeter.Start(this, settings.Warmup);
        var result = await LoadRunner.Run(name, settings, context => operation(http, context), Progress);
        var all = new Dictionary<string, double>(figures is null ? [] : await figures(result));
        foreach (var (key, value) in cpu.PerOperation(result.Operations))
        {
            all[key] = value;
        }

        var measurement = Measurement.From(result, run, all);
        Measurements.Add(measurement);
        Progress.WriteLine(Summary.Line(measurement));
        return result;
    }

    public LoadSettings Closed(int? connections = null) => new(Options.Warmup, Options.Duration, connections ?? Options.Connections);

    public async ValueTask DisposeAsync()
    {
        if (Baseline is not null)
        {
            await Baseline.DisposeAsync();
        }

        if (System is not null)
        {
            await System.DisposeAsync();
        }
    }
}
