using Shop.Bench.Load;

namespace Shop.Bench.Scenarios;

/// <summary>
/// The aggregation against its parts: /api/dashboard fans out to the user, their recent orders and
/// the statistics in parallel, so its latency should be close to its slowest part's, not their sum.
/// All four are driven at the same fixed rate (a latency comparison, not a saturation test).
/// </summary>
public static class DashboardScenario
{
    public static async Task Run(BenchSession session, int run)
    {
        var settings = new LoadSettings(session.Options.Warmup, session.Options.Duration, 64, session.Options.DashboardRate);
        string User(OperationContext c) => session.UserTokens[c.Sequence % session.UserTokens.Length];
        var url = session.System.GatewayUrl;
        await session.Measure("dashboard.part.user", run, url, settings, (http, c) => ReadScenarios.Read(http, c, BenchHttp.Get("/api/users/me", User(c))));
        await session.Measure("dashboard.part.orders", run, url, settings, (http, c) => ReadScenarios.Read(http, c, BenchHttp.Get("/api/orders?limit=10", User(c))));
        // The statistics are admin-only over HTTP; the dashboard reads the same grain for any user.
        await session.Measure("dashboard.part.stats", run, url, settings, (http, c) => ReadScenarios.Read(http, c, BenchHttp.Get("/api/stats", session.AdminToken)));
        await session.Measure("dashboard", run, url, settings, (http, c) => ReadDashboard(http, c, User(c)));
    }

    /// <summary>GET /api/dashboard as the user of <paramref name="token"/>; anything but a 200 with no degraded part is an error.</summary>
    public static async Task ReadDashboard(HttpClient http, OperationContext context, string token, string? what = null)
    {
        using var request = BenchHttp.Get("/api/dashboard", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            context.Error(ReadScenarios.Label(what, ((int)response.StatusCode).ToString()));
        }
        else if (!body.Contains("\"degraded\":[]", StringComparison.Ordinal))
        {
            // A degraded answer is fast for the wrong reason: count it as an error.
            context.Error(ReadScenarios.Label(what, "degraded"));
        }
    }
}
