using Shop.Hosting;
using Shop.Silo.Commands;
using Shop.Silo.Database;
using Shop.Silo.Health;
using Shop.Silo.Hosting;

namespace Shop.Silo;

/// <summary>
/// Composition only: clustering, storage, streams, grains, and a small HTTP port for health.
/// <c>Shop.Silo migrate</c> creates or upgrades the PostgreSQL schema of durable mode and exits;
/// <c>Shop.Silo dev-keys DIR</c> writes throwaway credentials for local runs (see <see cref="SiloCommandLine"/>).
/// </summary>
public sealed class Program
{
    public static Task<int> Main(string[] args) =>
        SiloCommandLine.InvokeAsync(args, new SiloCommands(RunAsync, MigrateAsync, DevelopmentKeys.Write));

    // The same configuration sources as the silo itself (appsettings, environment, host arguments).
    private static Task<int> MigrateAsync(string[] hostArguments) =>
        SchemaCommand.RunAsync(WebApplication.CreateBuilder(hostArguments).Configuration);

    private static async Task<int> RunAsync(string[] hostArguments)
    {
        var builder = WebApplication.CreateBuilder(hostArguments);
        var cluster = SiloClusterOptions.From(builder.Configuration);
        var persistence = SiloComposition.Persistence(builder.Configuration);
        builder.AddShopTelemetry("orleans-shop-silo");
        builder.Logging.AddShopConnectionRefusalLog();
        builder.UseOrleans(silo => silo.AddShopSilo(builder.Configuration, cluster, persistence)
            .AddShopDashboard(builder.Configuration, builder.Environment));
        builder.Services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo-active", tags: [OperationalEndpoints.ReadyTag])
            .AddCheck<ClusterServesHealthCheck>("cluster-serves", tags: [OperationalEndpoints.ReadyTag]);

        var app = builder.Build();
        app.MapShopOperationalEndpoints();
        app.MapShopDashboard();

        if (persistence == ShopPersistence.InMemory)
        {
            app.Logger.LogWarning(
                "EMBEDDED MODE: in-memory storage, memory streams and in-memory reminders. Data is NOT durable and is lost when the silo stops.");
        }
        else
        {
            app.Logger.LogInformation("DURABLE MODE: grain state, membership and reminders in PostgreSQL.");
        }

        app.Logger.LogInformation("Silo {ClusterId}/{ServiceId}: silo port {SiloPort}, gateway port {GatewayPort}",
            cluster.ClusterId, cluster.ServiceId, cluster.SiloPort, cluster.GatewayPort);
        await app.RunAsync();
        return 0;
    }
}
