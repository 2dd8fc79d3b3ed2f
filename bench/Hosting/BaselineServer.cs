using Shop.Bench.Scenarios;

namespace Shop.Bench.Hosting;

/// <summary>
/// The machine's HTTP limit: a bare ASP.NET Core endpoint (Kestrel, minimal API, System.Text.Json)
/// answering GET /api/products/{sku} with the same JSON as the gateway, with no authentication, no
/// rate limiter and no Orleans behind it. Runs as its own process, like the gateway.
/// </summary>
public static class BaselineServer
{
    public const string Command = "serve-baseline";

    public static async Task<int> Serve(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapGet("/api/products/{sku}", (string sku) => TypedResults.Ok(new
        {
            sku,
            name = BenchCatalog.Name(sku),
            description = BenchCatalog.Description,
            price = BenchCatalog.Price,
            stock = BenchCatalog.Stock,
            reserved = 0,
            available = BenchCatalog.Stock,
        }));
        await app.RunAsync();
        return 0;
    }

    public static async Task<(ManagedProcess Process, string Url)> StartAsync(string work)
    {
        var url = $"http://127.0.0.1:{Shop.TestSupport.FreePort.Next()}";
        var process = ManagedProcess.StartDotnet("baseline", typeof(BaselineServer).Assembly.Location, [Command, $"--urls={url}"],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, work);
        await process.WaitReadyAsync($"{url}/health", TimeSpan.FromSeconds(60));
        return (process, url);
    }
}
