using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.AppHost.Tests;

/// <summary>
/// src/AppHost as a developer starts it, under Aspire's orchestrator (DCP), with the real silo and
/// gateway processes (mutual TLS with the development credentials), and an order placed through its
/// gateway. The embedded default never skips: DCP and everything else it needs come from NuGet
/// packages and no container runtime is involved; where DCP cannot run, the test fails with DCP's
/// error. The durable one needs the PostgreSQL server binaries: without them it is skipped with the
/// reason, and under CI=true it fails, as the repository's other PostgreSQL tests do.
/// </summary>
// The trait values of tests/TestSupport/TestTraits.cs (this project is self-contained): ./test.sh --fast leaves it out.
[Trait("Needs", "Processes")]
[Trait("Speed", "Long")]
public sealed class AppHostTests(ITestOutputHelper output)
{
    // The development administrator of src/Gateway/appsettings.Development.json (a public, Development-only password).
    private const string AdminEmail = "admin@shop.local";
    private const string AdminPassword = "dev-only-admin-password";

    [Fact]
    public async Task The_apphost_starts_the_shop_and_an_order_placed_through_its_gateway_is_confirmed()
    {
        await PlaceAnOrderThroughTheAppHost([], ["silo0", "gateway"]);
    }

    [Fact]
    [Trait("Needs", "PostgreSQL")]
    public async Task In_durable_mode_the_apphost_starts_postgres_and_two_silos_and_an_order_is_confirmed()
    {
        var bin = PostgresBin();
        Assert.SkipWhen(bin is null && !IsCi,
            "PostgreSQL server binaries not found (Debian's 'postgresql' package; the AppHost looks in /usr/lib/postgresql/*/bin and on PATH). Under CI=true this fails.");
        Assert.True(bin is not null, "PostgreSQL server binaries not found (Debian's 'postgresql' package), required under CI=true.");

        // A cluster of its own: the AppHost stops a server it finds running on its data folder.
        var data = Directory.CreateTempSubdirectory("shop-apphost-pg-");
        try
        {
            await PlaceAnOrderThroughTheAppHost(
                ["--AppHost:Postgres=true", "--AppHost:Silos=2", $"--AppHost:PostgresData={data.FullName}"],
                ["postgres", "silo0", "silo1", "gateway"]);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private async Task PlaceAnOrderThroughTheAppHost(string[] args, string[] healthy)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var token = timeout.Token;
        var clock = Stopwatch.StartNew();

        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, token);
        // The processes' own logs reach the test log at Warning and above (the Aspire dashboard has them all).
        // Failed health checks while the processes start are expected: a timeout says each resource's state.
        appHost.Services.AddLogging(logging => logging.AddFilter("Shop.AppHost.Resources", LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        await using var app = await appHost.BuildAsync(token);
        await app.StartAsync(token);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: orchestrator started");
        try
        {
            foreach (var resource in healthy)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{string.Join(", ", healthy)} were not healthy within 5 minutes: {Describe(app)}");
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", healthy)} healthy");

        var gateway = app.GetEndpoint("gateway", "http");
        Assert.True(IPAddress.IsLoopback((await Dns.GetHostAddressesAsync(gateway.Host, token))[0]), $"the gateway is on loopback ({gateway})");
        using var admin = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        await LogIn(admin, AdminEmail, AdminPassword, token);
        var sku = $"AH-{Guid.NewGuid():N}"[..16];
        var put = await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "AppHost product", description = "placed through the AppHost", price = 12.5m, stock = 3 }, token);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        using var user = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        var email = $"{Guid.NewGuid():N}@example.com";
        var created = await user.PostAsJsonAsync("/api/users", new { email, name = "AppHost User", password = "password-1" }, token);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        await LogIn(user, email, "password-1", token);

        var placed = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 2 } } }, token);
        Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
        var location = placed.Headers.Location ?? throw new InvalidOperationException("no Location for the placed order");

        var status = "";
        while (status != "Confirmed" && !token.IsCancellationRequested)
        {
            // The long poll answers as soon as the order leaves Pending.
            var order = await user.GetFromJsonAsync<JsonElement>($"{location}?wait=5", token);
            status = order.GetProperty("status").GetString() ?? "";
            Assert.True(status is "Pending" or "Confirmed", $"the order is {status}: {order}");
        }

        var product = await user.GetFromJsonAsync<JsonElement>($"/api/products/{sku}", token);
        Assert.Equal(1, product.GetProperty("available").GetInt32());
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: order {location} confirmed");
    }

    private static async Task LogIn(HttpClient client, string email, string password, CancellationToken token)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password }, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accessToken = (await response.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
    }

    private static string Describe(DistributedApplication app)
    {
        var model = app.Services.GetService(typeof(DistributedApplicationModel)) as DistributedApplicationModel;
        var notifications = app.ResourceNotifications;
        return string.Join("; ", (model?.Resources.AsEnumerable() ?? []).Select(r =>
            notifications.TryGetCurrentState(r.Name, out var e) ? $"{r.Name}: {e.Snapshot.State?.Text} {e.Snapshot.HealthStatus}" : r.Name));
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the AppHost looks for them (src/AppHost/LocalPostgres.cs).</summary>
    private static string? PostgresBin()
    {
        const string debian = "/usr/lib/postgresql";
        var installed = Directory.Exists(debian) ? Directory.GetDirectories(debian).Select(d => Path.Combine(d, "bin")) : [];
        return installed.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")));
    }
}
