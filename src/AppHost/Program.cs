using Shop.AppHost;

// The shop under Aspire: `dotnet run --project src/AppHost` starts the silo(s) and the gateway as
// project resources, with the Aspire dashboard showing each process's console and structured logs,
// traces and metrics (the processes export OTLP to it: src/ServiceDefaults/ShopTelemetry.cs).
//
//   dotnet run --project src/AppHost                                  embedded default: one silo, in memory
//   dotnet run --project src/AppHost -- --AppHost:Postgres=true       durable: PostgreSQL from the installed binaries
//   dotnet run --project src/AppHost -- --AppHost:Postgres=true --AppHost:Silos=3
//
// Settings ("AppHost" section, also as AppHost__Silos=3 and the like in the environment):
//   Silos (1), Postgres (false), PostgresBin (the newest /usr/lib/postgresql/*/bin, else PATH),
//   PostgresData (.data/aspire-postgres), GatewayPort (none: Aspire picks a free port; the dashboard links it).
//
// Clustering: the processes are configured through environment variables that map to the project's
// own keys (Shop:Cluster, Shop:Tls, ConnectionStrings:*), exactly what ./run.sh passes, and not through
// Aspire.Hosting.Orleans. That integration writes Orleans' configuration-based provider settings
// (Orleans:ClusterId, Orleans:Clustering:ProviderType=Development or a Redis/Azure resource, the
// Orleans:Endpoints ports), which Orleans applies by itself in UseOrleans; the silo and the gateway
// register their clustering in code instead (localhost clustering with the project's ports and ids in
// embedded mode, ADO.NET membership in the project's own migrated PostgreSQL schema in durable mode,
// mutual TLS on every connection), so the integration's "Development" provider would be registered
// beside theirs, and it has no ADO.NET provider for the durable mode at all.
var builder = DistributedApplication.CreateBuilder(args);
var settings = AppHostOptions.Read(builder.Configuration);
var paths = new ShopPaths(Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..")));
Directory.CreateDirectory(paths.Mail);

// Development credentials, as ./run.sh's development mode makes them: a throwaway CA with silo and
// gateway certificates for mutual TLS and the gateway's service identity key pair, in the git-ignored
// .dev-certs folder (shared with ./run.sh; written by `Shop.Silo dev-keys DIR` only when missing).
IResourceBuilder<ProjectResource>? devKeys = null;
if (!DevelopmentCredentials.Exist(paths.Keys))
{
    devKeys = builder.AddProject<Projects.Silo>("dev-keys").WithArgs("dev-keys", paths.Keys);
}

LocalPostgres? postgres = null;
IResourceBuilder<ProjectResource>? migrate = null;
if (settings.Postgres)
{
    postgres = LocalPostgres.Add(builder, settings, paths);
    migrate = builder.AddProject<Projects.Silo>("migrate")
        .WithArgs("migrate")
        .WithShopDevelopmentMode()
        .WithDatabases(postgres)
        .WaitFor(postgres.Resource);
}

var silos = new List<IResourceBuilder<ProjectResource>>();
for (var i = 0; i < settings.Silos; i++)
{
    var silo = builder.AddProject<Projects.Silo>($"silo{i}")
        .WithShopDevelopmentMode()
        .WithLoopbackHttp()
        .WithEndpoint(port: PortPicker.Free(), scheme: "tcp", name: "orleans-silo", isProxied: false)
        .WithEndpoint(port: PortPicker.Free(), scheme: "tcp", name: "orleans-gateway", isProxied: false)
        .WithEnvironment(context =>
        {
            var resource = (IResourceWithEndpoints)context.Resource;
            context.EnvironmentVariables["Shop__Cluster__SiloPort"] = resource.GetEndpoint("orleans-silo").Property(EndpointProperty.Port);
            context.EnvironmentVariables["Shop__Cluster__GatewayPort"] = resource.GetEndpoint("orleans-gateway").Property(EndpointProperty.Port);
        })
        .WithEnvironment("Shop__Email__PickupDirectory", paths.Mail)
        // Orleans 10 logs each placement's Polly pipeline at Information: thousands of lines per minute
        // in the dashboard's structured logs (the gateway's appsettings.json already says Warning).
        .WithEnvironment("Logging__LogLevel__Polly", "Warning")
        // The first silo seeds the demo catalog; the others join the cluster it formed.
        .WithEnvironment("Shop__Catalog__SeedDemo", i == 0 ? "true" : "false")
        .WithClusterCredentials(paths, "silo")
        .WithHttpHealthCheck("/ready");
    if (devKeys is not null)
    {
        silo.WaitForCompletion(devKeys);
    }

    if (migrate is not null)
    {
        silo.WithEnvironment("Shop__Persistence", "Postgres").WithDatabases(postgres!).WaitForCompletion(migrate);
    }

    if (i > 0)
    {
        // As in ./run.sh: the first silo starts alone, the others join once it is ready.
        silo.WaitFor(silos[0]);
    }

    silos.Add(silo);
}

var gateway = builder.AddProject<Projects.Gateway>("gateway")
    .WithShopDevelopmentMode()
    .WithLoopbackHttp(settings.GatewayPort)
    .WithExternalHttpEndpoints()
    .WithClusterCredentials(paths, "gateway")
    .WithHttpHealthCheck("/ready")
    .WithUrlForEndpoint("http", url => url.DisplayText = "Gateway (try /api/products)");
if (postgres is not null)
{
    // Durable mode: the gateway finds the silos in the membership table.
    gateway.WithEnvironment("ConnectionStrings__Cluster", postgres.ConnectionString("Cluster"));
}
else
{
    // Embedded mode: the one silo's gateway port.
    gateway.WithEnvironment(context => context.EnvironmentVariables["Shop__Cluster__GatewayPort"] =
        silos[0].Resource.GetEndpoint("orleans-gateway").Property(EndpointProperty.Port));
}

if (devKeys is not null)
{
    gateway.WaitForCompletion(devKeys);
}

foreach (var silo in silos)
{
    gateway.WaitFor(silo);
}

builder.Build().Run();
