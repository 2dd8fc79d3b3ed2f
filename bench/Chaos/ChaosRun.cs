using Shop.Hosting;
using System.Security.Cryptography;
using Shop.Bench.Chaos.Partition;
using Shop.Bench.Hosting;
using Shop.Bench.Load;

namespace Shop.Bench.Chaos;

/// <summary>
/// <c>bench -- chaos</c>: durable mode with several silos under a steady order load, then the faults
/// one after the other (silo kills, a PostgreSQL outage, a gateway restart), quiescence, and the checks.
/// </summary>
public static class ChaosRun
{
    /// <summary>Plenty of most products, and two scarce ones so that some orders are rejected.</summary>
    private static readonly ChaosProduct[] Catalog =
    [
        .. Enumerable.Range(1, 8).Select(i => new ChaosProduct($"CHAOS-{i:00}", 1_000_000)),
        new ChaosProduct("CHAOS-SCARCE-1", 60),
        new ChaosProduct("CHAOS-SCARCE-2", 60),
    ];

    public static async Task<int> Execute(ChaosOptions options, TextWriter output)
    {
        output.WriteLine($"Orleans.Shop chaos run: {options.Silos} silos on PostgreSQL, {options.Users} users, " +
            $"{(options.OrdersPerSecond is { } rate ? $"{rate:0.#} orders/s" : "half the closed-loop rate")}, seed {options.Seed}");
        var runId = Guid.NewGuid().ToString("N")[..8];
        CgroupTree? cgroups = null;
        if (options.Partition > TimeSpan.Zero)
        {
            // Checked before anything starts: a run that cannot cut a silo off should say so at once.
            Iptables.EnsureAvailable(m => output.WriteLine($"  {m}"));
            cgroups = CgroupTree.Create(runId, options.Silos);
            AbortCleanup.Register(cgroups, cgroups.Dispose);
        }

        try
        {
            return await Execute(options, output, runId, cgroups);
        }
        finally
        {
            // After the system is gone (its processes stopped), so the cgroups are empty.
            if (cgroups is not null)
            {
                AbortCleanup.Unregister(cgroups);
                cgroups.Dispose();
            }
        }
    }

    private static async Task<int> Execute(ChaosOptions options, TextWriter output, string runId, CgroupTree? cgroups)
    {
        var work = Directory.CreateTempSubdirectory("shop-chaos-").FullName;
        output.WriteLine($"  logs: {work}");
        // A fixed user-token key ring: a restarted gateway must accept the tokens the clients already hold,
        // which they hold for the whole run without refreshing (hence the longest access token lifetime).
        var keyRing = Path.Combine(work, "signing-keys.json");
        TokenSigningKeyRing.RotateFile(keyRing, DateTimeOffset.UtcNow, TimeSpan.FromHours(1), TimeSpan.Zero);
        var settings = new Dictionary<string, string>
        {
            ["Shop:Auth:SigningKeyRingFile"] = keyRing,
            ["Shop:Auth:AccessTokenLifetime"] = "01:00:00",
            // Membership decisions (votes, evictions, "declared dead") are what the partition checks are
            // about, and Orleans logs them at Information; they are a few lines per fault.
            ["Logging:LogLevel:Orleans.Runtime.MembershipService"] = "Information",
            // The indexes' line per user for orders swept again after a silo left: the report counts them.
            ["Logging:LogLevel:Shop.Grains.Orders.UserOrdersGrain"] = "Debug",
        };
        if (options.Reconcile is { } period)
        {
            settings["Shop:Orders:ReconcilePeriod"] = period.ToString("c");
            settings["Shop:Orders:RepublishPendingAfter"] = (period * 2).ToString("c");
        }

        double? capacity = null;
        if (options.OrdersPerSecond is null)
        {
            capacity = await ChaosCapacity.ClosedLoopConfirmedPerSecond(options, settings, output);
            options = options with { OrdersPerSecond = Math.Max(1, Math.Round(capacity.Value / 2)) };
            output.WriteLine($"Offering {options.OrdersPerSecond:0} orders/s: half the closed loop.");
        }

        await using var system = await ShopSystem.StartAsync(true, work, m => output.WriteLine($"  {m}"), new SystemShape(options.Silos, settings) { SiloCgroup = cgroups is null ? null : cgroups.ChildDirectory });

        using var http = BenchHttp.Create(system.GatewayUrl, 8);
        var admin = await BenchHttp.DevelopmentAdminToken(http);
        var users = await Setup(http, admin, options.Users);
        var timeline = new Timeline(output);
        var load = new ChaosLoad(system.GatewayUrl, timeline, users, Catalog, options.OrdersPerSecond!.Value);

        var faults = new FaultWindows();
        timeline.Mark("load started");
        load.Start();
        await Task.Delay(options.Calm / 3);

        faults.SiloKills = (timeline.Mark("silo kills begin"), default);
        faults.Kills = await KillSilos(system, timeline, options);
        faults.SiloKills = (faults.SiloKills.From, timeline.Mark("silo kills over: every silo restarted and ready"));
        await Task.Delay(options.Calm);

        if (cgroups is not null)
        {
            var victim = new Random(options.Seed + 1).Next(system.SiloCount);
            faults.Partition = await PartitionFault.Run(system, cgroups, runId, victim, timeline, options);
            await Task.Delay(options.Calm);
        }

        if (options.Burst > 0)
        {
            faults.BatchKill = await BatchKillFault.Run(system, load, new Random(options.Seed + 2).Next(system.SiloCount), timeline, options);
            await Task.Delay(options.Calm);
        }

        var down = timeline.Mark("PostgreSQL stopping");
        await system.Postgres!.StopServerAsync();
        timeline.Mark("PostgreSQL stopped");
        await Task.Delay(options.Outage);
        await system.Postgres.StartServerAsync();
        faults.Outage = (down, timeline.Mark("PostgreSQL accepts connections again"));
        await Task.Delay(options.Calm);

        var restart = timeline.Mark("gateway restarting (SIGTERM, new process)");
        await system.RestartGatewayAsync();
        faults.GatewayRestart = (restart, timeline.Mark("gateway ready again"));
        await Task.Delay(options.Calm / 2);

        timeline.Mark("load stopping: no new orders; started ones are retried until accepted");
        await load.StopAsync();
        timeline.Mark($"load stopped: {load.Orders.Count} orders attempted");

        var checks = await ChaosChecks.Run(system, http, admin, users, Catalog, load.Orders, timeline, faults, options);
        checks.Figures["load.offeredOrdersPerSecond"] = options.OrdersPerSecond.Value;
        checks.Figures["load.closedLoopConfirmedPerSecond"] = capacity is { } measured ? Math.Round(measured, 1) : "not measured (--rate given)";
        var report = ChaosReport.Write(options, faults, timeline, checks, output);
        output.WriteLine($"Report: {report}");
        return checks.Violations.Count == 0 ? 0 : 1;
    }

    private static async Task<ChaosUser[]> Setup(HttpClient http, string admin, int count)
    {
        foreach (var product in Catalog)
        {
            await BenchHttp.PutProduct(http, admin, product.Sku, new { name = product.Sku, description = "chaos run", price = 3.5m, stock = product.InitialStock });
        }

        return await BenchHttp.NewUsers("chaos", count, async email =>
        {
            var (id, token) = await BenchHttp.Register(http, email);
            return new ChaosUser(id, email, token);
        });
    }

    /// <summary>Every <see cref="ChaosOptions.KillEvery"/>: SIGKILL to a random running silo, started again after <see cref="ChaosOptions.RestartAfter"/>.</summary>
    private static async Task<int> KillSilos(ShopSystem system, Timeline timeline, ChaosOptions options)
    {
        var random = new Random(options.Seed);
        var restarts = new Task?[system.SiloCount];
        var kills = 0;
        var end = timeline.Now + options.KillFor;
        while (timeline.Now < end)
        {
            // A silo still coming back from the last kill is not a candidate: its start-up would fail, not the drill.
            var candidates = Enumerable.Range(0, system.SiloCount).Where(i => system.SiloRunning(i) && restarts[i] is null or { IsCompleted: true }).ToArray();
            if (candidates.Length > 0)
            {
                var victim = candidates[random.Next(candidates.Length)];
                system.KillSilo(victim);
                kills++;
                timeline.Mark($"kill -9 silo{victim}");
                restarts[victim] = Task.Run(async () =>
                {
                    await Task.Delay(options.RestartAfter);
                    timeline.Mark($"silo{victim} starting again");
                    await system.StartSiloAsync(victim);
                    timeline.Mark($"silo{victim} ready");
                });
            }

            await Task.Delay(options.KillEvery);
        }

        await Task.WhenAll(restarts.OfType<Task>());
        return kills;
    }
}
