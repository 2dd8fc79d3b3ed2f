using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Shop.Integration.Tests.Postgres;

namespace Shop.Integration.Tests.Durability;

/// <summary>
/// The partition consumers under a silo crash: orders flow without pause from many users (so every
/// partition consumer is busy with a delivery most of the time) and one of three silo processes is
/// SIGKILLed with its consumers' deliveries, memory queues and group commits in flight. Afterwards
/// every event has had its effect exactly once: each accepted order settled, stock adds up, one
/// e-mail per confirmed order, and the statistics count each order once (their dedupe record is
/// stored with the counters, so a delivery replayed after the crash is neither lost nor counted twice).
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestTraits.Needs, TestTraits.Processes)]
[Trait(TestTraits.Speed, TestTraits.Long)]
public sealed class ConsumerPartitionFailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int InitialStock = 100_000;
    // At most 5 registrations a minute from one address (the gateway's limit): few users, many orders each.
    private const int Users = 4;
    private const int WorkersPerUser = 3;
    private const int OrdersPerWorker = 20;

    [Fact]
    public async Task A_silo_killed_in_the_middle_of_a_batch_neither_loses_nor_doubles_an_event()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Phase(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0}s {what}");
        var databases = await DurableDatabases.CreateAsync(postgres);
        var mail = Directory.CreateTempSubdirectory("shop-partition-mail-").FullName;
        var settings = databases.With([
            .. DurableDatabases.FastFailureDetection,
            ("Shop:Cluster:ClusterId", $"partition-{Guid.NewGuid():N}"[..20]),
            ("Shop:Cluster:ServiceId", "orleans-shop-partitions"),
            ("Shop:Catalog:SeedDemo", "false"),
            ("Shop:Email:PickupDirectory", mail),
            ("Shop:Orders:ReconcilePeriod", "00:00:02"),
            ("Shop:Orders:RepublishPendingAfter", "00:00:04"),
            ("Shop:Orders:SweepAfter", "00:00:01"),
            ("Shop:Resilience:BreakDuration", "00:00:02"),
            ("Shop:Auth:SigningKeyRingFile", TestKeys.SigningKeyRingFile),
            ("Shop:Admin:Email", TestAdmin.Email),
            ("Shop:Admin:Password", TestAdmin.Password)]);

        var silos = new List<SiloProcess>();
        try
        {
            silos.Add(await SiloProcess.StartAsync("psilo0", settings));
            silos.AddRange(await Task.WhenAll(SiloProcess.StartAsync("psilo1", settings), SiloProcess.StartAsync("psilo2", settings)));
            await using var gateway = new GatewayFactory(settings);
            var admin = await Api.Admin(gateway);
            await using var observer = await ClusterObserver.ConnectAsync(settings);
            await Eventually.Until(observer.ActiveSilos, n => n == 3, "three active silos");
            Phase("three silos active");

            var skus = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                var sku = $"P{i}-{Guid.NewGuid():N}"[..12];
                var put = await admin.PutAsJsonAsync($"/api/products/{sku}", new { name = $"Partitioned {i}", price = 3m, stock = InitialStock });
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                skus.Add(sku);
            }

            var users = await Task.WhenAll(Enumerable.Range(0, Users).Select(_ => Api.NewUser(gateway)));
            var accepted = new ConcurrentDictionary<string, Guid>();
            var placed = 0;
            using var halfway = new SemaphoreSlim(0);

            // Several concurrent clients per user, each order with its own Idempotency-Key and retried
            // with it until accepted, so each order is accepted exactly once whatever the crash does.
            async Task Place(HttpClient client, int worker)
            {
                for (var n = 0; n < OrdersPerWorker; n++)
                {
                    var key = $"partition-{worker}-{n}";
                    var items = new[] { new { sku = skus[(worker + n) % skus.Count], quantity = 1 + n % 2 } };
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/orders")
                            {
                                Content = JsonContent.Create(new { items }),
                                Headers = { { "Idempotency-Key", key } },
                            });
                            if (response.IsSuccessStatusCode)
                            {
                                accepted[key] = (await response.Json()).GetProperty("id").GetGuid();
                                break;
                            }

                            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests });
                        }
                        catch (HttpRequestException)
                        {
                            // The connection broke: retry with the same key.
                        }

                        Assert.True(attempt < 100, $"order {key} still refused after {attempt} attempts");
                        await Task.Delay(TimeSpan.FromMilliseconds(250));
                    }

                    if (Interlocked.Increment(ref placed) == Users * WorkersPerUser * OrdersPerWorker / 3)
                    {
                        halfway.Release();
                    }
                }
            }

            var load = Task.WhenAll(Enumerable.Range(0, Users * WorkersPerUser).Select(w => Place(users[w % Users].Client, w)));
            await halfway.WaitAsync();
            Phase($"killing psilo1 with {Volatile.Read(ref placed)} orders accepted");
            silos[1].Kill();
            await load;
            Phase($"load done: {accepted.Count} orders accepted");
            Assert.Equal(Users * WorkersPerUser * OrdersPerWorker, accepted.Values.Distinct().Count());

            // Every order settles (reconciliation re-drives what the dead silo's queues and consumers lost).
            var ids = accepted.Values.ToHashSet();
            var settled = await Eventually.Until(async () =>
            {
                var lists = await Task.WhenAll(users.Select(async u => await u.Client.GetAsync("/api/orders?limit=100")));
                if (lists.Any(r => r.StatusCode != HttpStatusCode.OK))
                {
                    return null;
                }

                var orders = (await Task.WhenAll(lists.Select(r => r.Json()))).SelectMany(l => l.EnumerateArray()).ToArray();
                return orders.All(o => o.GetProperty("status").GetString() == "Confirmed") ? orders : null;
            }, o => o is not null && o.Length == ids.Count, "every order to be confirmed", TimeSpan.FromSeconds(90));
            var confirmed = settled!;
            Assert.Equal(ids, confirmed.Select(o => o.GetProperty("id").GetGuid()).ToHashSet());
            Phase("every order confirmed");

            // Stock: reserved is exactly what the confirmed orders hold.
            foreach (var sku in skus)
            {
                var expected = confirmed.SelectMany(o => o.GetProperty("items").EnumerateArray())
                    .Where(i => i.GetProperty("sku").GetString() == sku).Sum(i => i.GetProperty("quantity").GetInt32());
                var product = await (await admin.GetAsync($"/api/products/{sku}")).Json();
                Assert.Equal(InitialStock, product.GetProperty("stock").GetInt32());
                Assert.Equal(expected, product.GetProperty("reserved").GetInt32());
            }

            // One e-mail per confirmed order.
            var mails = await Eventually.Until(() => Task.FromResult(Directory.GetFiles(mail, "*.eml")), f => f.Length >= ids.Count,
                "an e-mail for every order", TimeSpan.FromSeconds(60));
            Assert.Equal(ids.Count, mails.Length);
            Assert.All(ids, id => Assert.Single(mails, f => f.Contains(id.ToString("N"), StringComparison.Ordinal)));

            // Statistics: every order counted once, created and confirmed, revenue to the cent.
            var revenue = confirmed.Sum(o => o.GetProperty("total").GetDecimal());
            var stats = await Eventually.Until(async () => await (await admin.GetAsync("/api/stats")).Json(),
                s => s.GetProperty("ordersConfirmed").GetInt64() >= ids.Count, "the statistics to count every order", TimeSpan.FromSeconds(60));
            // Repeats from the sweep come within a few reconcile periods: give them time to be (not) counted.
            await Task.Delay(TimeSpan.FromSeconds(6));
            stats = await (await admin.GetAsync("/api/stats")).Json();
            Assert.Equal(ids.Count, stats.GetProperty("ordersCreated").GetInt64());
            Assert.Equal(ids.Count, stats.GetProperty("ordersConfirmed").GetInt64());
            Assert.Equal(revenue, stats.GetProperty("revenue").GetDecimal());
            Phase("stock, e-mails and statistics add up");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            try
            {
                Directory.Delete(mail, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: under the temp directory.
            }
        }
    }
}
