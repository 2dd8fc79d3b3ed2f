using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Shop.Integration.Tests.Durability;

/// <summary>The Orleans dashboard on a real silo process: open in Development, protected elsewhere.</summary>
[Trait(TestTraits.Needs, TestTraits.Processes)]
public sealed class DashboardTests
{
    private static Dictionary<string, string?> Settings(string environment, string? password = null)
    {
        var settings = new Dictionary<string, string?>(TestKeys.SiloSettings())
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["Shop:Catalog:SeedDemo"] = "false",
        };
        if (password is not null)
        {
            settings["Shop:Dashboard:Password"] = password;
        }

        return settings;
    }

    [Fact]
    public async Task The_dashboard_is_served_in_development()
    {
        await using var silo = await SiloProcess.StartAsync("dashboard-dev", Settings("Development"));
        using var http = new HttpClient();

        var page = await http.GetAsync($"http://127.0.0.1:{silo.HttpPort}/dashboard");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Outside_development_the_dashboard_needs_a_password_and_asks_for_it()
    {
        await using (var closed = await SiloProcess.StartAsync("dashboard-closed", Settings("Production")))
        {
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{closed.HttpPort}/dashboard")).StatusCode);

            // Outside Development the logs are structured: one JSON object per line.
            var lines = closed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, line =>
            {
                using var entry = System.Text.Json.JsonDocument.Parse(line);
                Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
                Assert.True(entry.RootElement.TryGetProperty("Category", out _), line);
            });
        }

        await using var silo = await SiloProcess.StartAsync("dashboard-protected", Settings("Production", password: "s3cret-dashboard"));
        // No redirects: HttpClient drops the Authorization header when it follows one.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var url = $"http://127.0.0.1:{silo.HttpPort}/dashboard";

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(url)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(url)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:s3cret-dashboard")));
        var authorized = await client.GetAsync(url);
        Assert.True((int)authorized.StatusCode is >= 200 and < 400, $"with the password: {authorized.StatusCode}");
    }
}
