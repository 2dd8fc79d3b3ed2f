namespace Shop.AppHost;

public static class ShopResourceExtensions
{
    /// <summary>Development mode, as ./run.sh runs it (the gateway bootstraps the development admin only there).</summary>
    public static IResourceBuilder<ProjectResource> WithShopDevelopmentMode(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("DOTNET_ENVIRONMENT", "Development");

    /// <summary>
    /// The HTTP endpoint, behind Aspire's proxy, with the process listening on 127.0.0.1 only. Set as
    /// "Urls" rather than the ASPNETCORE_URLS Aspire sets: the processes' appsettings.json name their own
    /// Urls, which win over ASPNETCORE_-prefixed variables but not over plain ones.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLoopbackHttp(this IResourceBuilder<ProjectResource> project, int? port = null) =>
        project.WithHttpEndpoint(port: port, name: "http")
            .WithEnvironment(context =>
            {
                var http = ((IResourceWithEndpoints)context.Resource).GetEndpoint("http");
                context.EnvironmentVariables["Urls"] = ReferenceExpression.Create($"http://127.0.0.1:{http.Property(EndpointProperty.TargetPort)}");
            });

    /// <summary>
    /// Mutual TLS and the service identity, from the development credentials, exactly the variables
    /// ./run.sh exports; <paramref name="certificate"/> is "silo" or "gateway".
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithClusterCredentials(this IResourceBuilder<ProjectResource> project, ShopPaths paths, string certificate) =>
        project.WithEnvironment("Shop__Tls__CaFile", Path.Combine(paths.Keys, DevelopmentCredentials.Ca))
            .WithEnvironment("Shop__Tls__CertificateFile", Path.Combine(paths.Keys, DevelopmentCredentials.CertificateFile(certificate)))
            .WithEnvironment("Shop__Tls__KeyFile", Path.Combine(paths.Keys, DevelopmentCredentials.KeyFile(certificate)))
            .WithEnvironment("Shop__Authorization__TrustedKeys__gateway__PublicKeyFile", Path.Combine(paths.Keys, DevelopmentCredentials.IdentityPublicKey))
            .WithEnvironment("Shop__ServiceIdentity__PrivateKeyFile", Path.Combine(paths.Keys, DevelopmentCredentials.IdentityPrivateKey));

    /// <summary>Durable mode's connection strings (ConnectionStrings:Cluster and one per service), as ./run.sh sets them.</summary>
    public static IResourceBuilder<ProjectResource> WithDatabases(this IResourceBuilder<ProjectResource> project, LocalPostgres postgres)
    {
        foreach (var database in LocalPostgres.Databases)
        {
            project.WithEnvironment($"ConnectionStrings__{database}", postgres.ConnectionString(database));
        }

        return project;
    }
}
