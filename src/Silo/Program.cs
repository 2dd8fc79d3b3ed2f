using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Shop.Silo.Health;
using Shop.Silo.Hosting;

namespace Shop.Silo;

/// <summary>Composition only: clustering, storage, streams, grains, and a small HTTP port for health.</summary>
public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var cluster = ClusterSettings.From(builder.Configuration);

        builder.UseOrleans(silo => silo
            .UseShopLocalhostClustering(cluster)
            .AddShopInMemoryInfrastructure()
            .AddShopGrains(builder.Configuration));

        builder.Services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo-active", tags: ["ready"]);

        var app = builder.Build();
        // Liveness runs no check: it answers while the process can serve HTTP at all.
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });

        app.Logger.LogWarning(
            "EMBEDDED MODE: in-memory storage, memory streams and in-memory reminders. Data is NOT durable and is lost when the silo stops.");
        app.Logger.LogInformation("Silo {ClusterId}/{ServiceId}: silo port {SiloPort}, gateway port {GatewayPort}",
            cluster.ClusterId, cluster.ServiceId, cluster.SiloPort, cluster.GatewayPort);
        await app.RunAsync();
    }
}
