using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Shop.Gateway.Resilience;
using Shop.Integration.Tests.Durability;
using Shop.Integration.Tests.Postgres;

namespace Shop.Integration.Tests.Failover;

/// <summary>
/// Readiness after every silo was replaced at once: the previous silos stay "Active" in the membership
/// table until the new ones vote them dead, and calls placed on them wait or fail. The silos and the
/// gateway (the same gateway process throughout, as in production) must report ready only once no such
/// silo is listed, so that the first request after /ready succeeds.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestTraits.Needs, TestTraits.Processes)]
[Trait(TestTraits.Speed, TestTraits.Long)]
public sealed class FullRestartReadinessTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task After_every_silo_is_restarted_the_first_requests_after_ready_succeed()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0}s {what}");
        var databases = await DurableDatabases.CreateAsync(postgres);
        var settings = databases.With([
            ("Shop:Cluster:ClusterId", $"restart-{Guid.NewGuid():N}"[..20]),
            ("Shop:Cluster:ServiceId", "orleans-shop-restart"),
            ("Shop:Catalog:SeedDemo", "false"),
            ("Shop:Auth:SigningKeyRingFile", TestKeys.SigningKeyRingFile),
            ("Shop:Admin:Email", TestAdmin.Email),
            ("Shop:Admin:Password", TestAdmin.Password)]);

        var silos = new List<SiloProcess>();
        try
        {
            silos.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(i => SiloProcess.StartAsync($"before{i}", settings))));
            await using var gateway = new GatewayFactory(settings);
            var admin = await Api.Admin(gateway);
            var (user, _, email) = await Api.NewUser(gateway);
            var sku = $"R-{Guid.NewGuid():N}"[..12];
            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = "Restart", price = 4m, stock = 100 })).StatusCode);
            var before = await user.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 2 } } });
            Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);
            var orderId = (await before.Json()).GetProperty("id").GetGuid();
            await Eventually.Until(async () => (await (await user.GetAsync($"/api/orders/{orderId}?wait=5")).Json()).GetProperty("status").GetString(),
                s => s == "Confirmed", "the order to be confirmed");
            Phase("three silos, one confirmed order");

            foreach (var silo in silos)
            {
                silo.Kill();
            }

            silos.Clear();
            Phase("every silo killed");
            // Each new silo is started only when its own /ready answers (SiloProcess): with the previous
            // three still listed as Active, that is after the new ones have voted them dead.
            silos.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(i => SiloProcess.StartAsync($"after{i}", settings))));
            Phase("three new silos ready");
            var probe = Api.Anonymous(gateway);
            await Eventually.Until(async () => (await probe.GetAsync("/ready")).StatusCode, s => s == HttpStatusCode.OK,
                "the gateway to be ready again", TimeSpan.FromSeconds(90));
            Phase("gateway ready");

            // What ready promised: the table lists the three new silos as active and none of the dead.
            await using (var observer = await ClusterObserver.ConnectAsync(settings))
            {
                Assert.Equal(3, await observer.ActiveSilos());
            }

            // The first requests after /ready, each sent once: sign-in, the order from before the
            // restart (not a cached answer), a new order and the product.
            var client = Api.Anonymous(gateway);
            var login = await client.PostAsJsonAsync("/api/auth/token", new { email, password = "password-1" });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            client.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Json()).GetProperty("accessToken").GetString());
            var old = await client.GetAsync($"/api/orders/{orderId}");
            Assert.Equal(HttpStatusCode.OK, old.StatusCode);
            Assert.False(old.Headers.Contains(DegradedParts.Header), "the order came from the cluster, not from the gateway's last good answers");
            Assert.Equal("Confirmed", (await old.Json()).GetProperty("status").GetString());
            var placed = await client.PostAsJsonAsync("/api/orders", new { items = new[] { new { sku, quantity = 1 } } });
            Assert.Equal(HttpStatusCode.Accepted, placed.StatusCode);
            var product = await client.GetAsync($"/api/products/{sku}");
            Assert.Equal(HttpStatusCode.OK, product.StatusCode);
            Assert.False(product.Headers.Contains(DegradedParts.Header));
            Phase("the first requests after ready succeeded");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
