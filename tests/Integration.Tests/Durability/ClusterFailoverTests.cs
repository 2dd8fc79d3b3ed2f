using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Shop.Integration.Tests.Postgres;

namespace Shop.Integration.Tests.Durability;

/// <summary>
/// Three silo processes on PostgreSQL, the real gateway in front, orders flowing, and one silo
/// killed with SIGKILL: no accepted order is lost, every order settles, stock adds up, and
/// everything is still there after a full restart.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestTraits.Needs, TestTraits.Processes)]
[Trait(TestTraits.Speed, TestTraits.Long)]
public sealed class ClusterFailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int InitialStock = 1000;
    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Killing_a_silo_during_a_stream_of_orders_loses_no_accepted_order()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0}s {what}");
        var databases = await DurableDatabases.CreateAsync(postgres);
        var settings = databases.With([
            .. DurableDatabases.FastFailureDetection,
            ("Shop:Cluster:ClusterId", $"failover-{Guid.NewGuid():N}"[..20]),
            ("Shop:Cluster:ServiceId", "orleans-shop-failover"),
            ("Shop:Catalog:SeedDemo", "false"),
            ("Shop:Orders:ReconcilePeriod", "00:00:03"),
            ("Shop:Orders:RepublishPendingAfter", "00:00:05"),
            ("Shop:Resilience:BreakDuration", "00:00:03"),
            ("Shop:Auth:SigningKeyRingFile", TestKeys.SigningKeyRingFile),
            ("Shop:Admin:Email", TestAdmin.Email),
            ("Shop:Admin:Password", TestAdmin.Password)]);

        var silos = new List<SiloProcess>();
        try
        {
            silos.Add(await SiloProcess.StartAsync("silo0", settings));
            silos.AddRange(await Task.WhenAll(SiloProcess.StartAsync("silo1", settings), SiloProcess.StartAsync("silo2", settings)));
            Phase("three silo processes ready");
            await using var gateway = new GatewayFactory(settings);
            var admin = await Api.Admin(gateway);
            await using var observer = await ClusterObserver.ConnectAsync(settings);

            // Three processes that found each other only through the ADO.NET membership table.
            await Eventually.Until(observer.ActiveSilos, n => n == 3, "three active silos");

            Phase("three silos active in membership");
            var skus = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var sku = $"F{i}-{Guid.NewGuid():N}"[..12];
                var put = await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = $"Failover {i}", price = 2m, stock = InitialStock });
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                skus.Add(sku);
            }

            var users = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Api.NewUser(gateway)));
            var accepted = new ConcurrentBag<Guid>();
            var refused = 0;
            using var killAfter = new SemaphoreSlim(0);

            // Each worker places 25 orders like a careful client: every order has an Idempotency-Key,
            // and a refused attempt (503 while the cluster notices the dead silo, or while the orders
            // circuit is open) is retried with the same key after Retry-After, so each order is
            // accepted exactly once in the end.
            async Task PlaceOrders(HttpClient client, int worker)
            {
                for (var n = 0; n < 25; n++)
                {
                    if (n == 10 && worker == 0)
                    {
                        killAfter.Release();
                    }

                    var items = new[] { new { sku = skus[(worker + n) % skus.Count], quantity = 1 + n % 3 } };
                    for (var attempt = 1; ; attempt++)
                    {
                        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                        {
                            Content = JsonContent.Create(new { items }),
                            Headers = { { "Idempotency-Key", $"failover-{worker}-{n}" } },
                        };
                        TimeSpan wait;
                        try
                        {
                            var response = await client.SendAsync(request);
                            if (response.IsSuccessStatusCode)
                            {
                                accepted.Add((await response.Json()).GetProperty("id").GetGuid());
                                break;
                            }

                            // 503 while the cluster recovers; 429 while too many of this user's
                            // orders wait for the saga: both say when to retry.
                            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests });
                            wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                        }
                        catch (HttpRequestException)
                        {
                            wait = TimeSpan.FromSeconds(1);
                        }

                        Interlocked.Increment(ref refused);
                        Assert.True(attempt < 60, $"order {worker}-{n} still refused after {attempt} attempts");
                        await Task.Delay(wait < TimeSpan.FromSeconds(2) ? wait : TimeSpan.FromSeconds(2));
                    }
                }
            }

            var load = Task.WhenAll(users.Select((u, i) => PlaceOrders(u.Client, i)));
            await killAfter.WaitAsync();
            Phase("killing silo1");
            silos[1].Kill();
            await load;
            Phase($"load done: {accepted.Count} accepted, {refused} refused");

            // Every order was accepted once: retries with the same key reached the same order.
            Assert.Equal(100, accepted.Distinct().Count());
            await Eventually.Until(observer.ActiveSilos, n => n == 2, "the dead silo to leave the membership");

            Phase("dead silo left the membership");
            var orders = await AllOrdersSettled(users.Select(u => u.Client));
            Assert.Equal(accepted.ToHashSet(), orders.Keys.ToHashSet());
            Assert.All(orders.Values, o => Assert.Equal("Confirmed", o.GetProperty("status").GetString()));
            var reserved = await AssertStockAddsUp(admin, skus, orders.Values);

            // A surviving silo process serves its own Prometheus metrics: Orleans' and the shop's.
            using (var http = new HttpClient())
            {
                var metrics = await http.GetStringAsync($"http://127.0.0.1:{silos[0].HttpPort}/metrics");
                Assert.Contains("orleans_", metrics);
                Assert.Contains("shop_orders_total", metrics);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{silos[0].HttpPort}/health")).StatusCode);
            }

            Phase($"{orders.Count} orders settled, stock adds up");
            // Full restart: every process gone, two new silos on the same databases.
            foreach (var silo in silos)
            {
                silo.Kill();
            }

            silos.Clear();
            silos.Add(await SiloProcess.StartAsync("restart0", settings));
            Phase("first silo restarted");
            silos.Add(await SiloProcess.StartAsync("restart1", settings));
            Phase("second silo restarted");
            await using var restarted = new GatewayFactory(settings);
            // Right after a full restart the killed silos are still "Active" in the membership table
            // until the new ones vote them dead, and a first call can time out (503 with
            // Retry-After): log in the way a client would, retrying until the cluster has settled.
            var clients = await Task.WhenAll(users.Select(async u =>
            {
                var client = restarted.CreateClient();
                var login = await Eventually.Until(() => client.PostAsJsonAsync("/api/auth/token", new { email = u.Email, password = "password-1" }),
                    response => response.StatusCode != HttpStatusCode.ServiceUnavailable, "the restarted cluster to answer logins", TimeSpan.FromSeconds(60));
                Assert.Equal(HttpStatusCode.OK, login.StatusCode);
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
                    "Bearer", (await login.Json()).GetProperty("accessToken").GetString());
                return client;
            }));
            Phase("restarted");
            var afterRestart = await AllOrdersSettled(clients);
            Assert.Equal(orders.Keys.ToHashSet(), afterRestart.Keys.ToHashSet());
            Assert.All(afterRestart.Values, o => Assert.Equal("Confirmed", o.GetProperty("status").GetString()));
            Assert.Equal(reserved, await AssertStockAddsUp(await Api.Admin(restarted), skus, afterRestart.Values));
            Phase("everything still there after the restart");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>Every order of these users (including any whose answer was lost), once none is Pending.</summary>
    private static async Task<Dictionary<Guid, JsonElement>> AllOrdersSettled(IEnumerable<HttpClient> users)
    {
        var clients = users.ToArray();
        var orders = await Eventually.Until(async () =>
        {
            var responses = await Task.WhenAll(clients.Select(c => c.GetAsync("/api/orders?limit=100")));
            // A 503 (the cluster still settling after a restart) means "not yet", like a client retrying.
            if (responses.Any(r => r.StatusCode != HttpStatusCode.OK))
            {
                return null;
            }

            var lists = await Task.WhenAll(responses.Select(r => r.Json()));
            return lists.SelectMany(l => l.EnumerateArray()).ToArray();
        }, all => all is not null && all.All(o => o.GetProperty("status").GetString() != "Pending"), "every order to settle", SettleBound);
        return orders!.ToDictionary(o => o.GetProperty("id").GetGuid());
    }

    /// <summary>Stock never changes; reserved is exactly what the confirmed orders hold.</summary>
    private static async Task<Dictionary<string, int>> AssertStockAddsUp(HttpClient admin, List<string> skus, IEnumerable<JsonElement> orders)
    {
        var expected = skus.ToDictionary(s => s, _ => 0);
        foreach (var order in orders.Where(o => o.GetProperty("status").GetString() == "Confirmed"))
        {
            foreach (var item in order.GetProperty("items").EnumerateArray())
            {
                expected[item.GetProperty("sku").GetString()!] += item.GetProperty("quantity").GetInt32();
            }
        }

        var reserved = new Dictionary<string, int>();
        foreach (var sku in skus)
        {
            // As for the orders: a 503 right after a restart (the cluster still settling) means "not yet".
            var read = await Eventually.Until(() => admin.GetAsync($"/api/products/{sku}"),
                response => response.StatusCode != HttpStatusCode.ServiceUnavailable, $"product {sku} to be readable", TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var product = await read.Json();
            var (stock, held, available) = (product.GetProperty("stock").GetInt32(), product.GetProperty("reserved").GetInt32(), product.GetProperty("available").GetInt32());
            Assert.Equal(InitialStock, stock);
            Assert.Equal(stock, available + held);
            Assert.Equal(expected[sku], held);
            reserved[sku] = held;
        }

        return reserved;
    }
}
