using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Shop.Integration.Tests.Kubernetes;
using Shop.Silo.Hosting;

namespace Shop.Integration.Tests.Topology;

/// <summary>
/// One topology: the connection string names (and their default databases) and the development
/// key files are written once in the code (<see cref="ShopDatabases.Names"/>,
/// <see cref="DevelopmentKeys.Files"/>), which the bench and the tests use. run.sh, docker-compose.yml
/// and k8s/ are shell and YAML, so they are checked against the code here: naming a database the code
/// does not know, or missing one, fails. The silo ports: compose and k8s pass theirs to the silos as
/// configuration, agree with each other, and k8s opens exactly those.
/// </summary>
public sealed partial class TopologyTests
{
    private static string Read(string file) => File.ReadAllText(Path.Combine(RepositoryLayout.Root, file));

    [Fact]
    public void Run_sh_creates_exactly_the_databases_the_silo_reads_and_uses_the_development_key_files()
    {
        var script = Read("run.sh");

        var loop = RunShDatabases().Match(script);
        Assert.True(loop.Success, "run.sh no longer sets the connection strings in one loop: update this test with it");
        Assert.Equal(ShopDatabases.Names, loop.Groups["names"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Database=shop_${db,,}", script);
        Assert.All(ShopDatabases.Names, name => Assert.Equal($"shop_{name.ToLowerInvariant()}", ShopDatabases.DefaultDatabaseName(name)));

        var keyFiles = RunShKeyFiles().Matches(script).Select(m => m.Groups["file"].Value).ToHashSet();
        Assert.NotEmpty(keyFiles);
        Assert.Subset(DevelopmentKeys.Files.ToHashSet(), keyFiles);
    }

    [Fact]
    public void Compose_gives_the_silos_every_connection_string_with_its_database_and_names_no_other()
    {
        var compose = Read("docker-compose.yml");

        var strings = ComposeConnectionStrings().Matches(compose).Select(m => (Name: m.Groups["name"].Value, Database: m.Groups["db"].Value)).ToArray();
        Assert.Equal(ShopDatabases.Names.Order(), strings.Select(s => s.Name).Distinct().Order());
        Assert.All(strings, s => Assert.Equal(ShopDatabases.DefaultDatabaseName(s.Name), s.Database));

        var certificates = ComposeKeyFiles().Matches(compose).Select(m => m.Groups["file"].Value).ToHashSet();
        Assert.NotEmpty(certificates);
        Assert.Subset(DevelopmentKeys.Files.ToHashSet(), certificates);
    }

    [Fact]
    [Trait(TestTraits.Needs, TestTraits.Kubectl)]
    public async Task The_manifests_give_the_silos_and_the_schema_job_every_connection_string_and_the_dev_secret_its_databases()
    {
        var k8s = await RenderedManifests.RenderAsync("dev");
        static string[] ConnectionStrings(V1PodSpec pod) => pod.Containers.SelectMany(c => c.Env)
            .Where(e => e.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Select(e => e.Name["ConnectionStrings__".Length..]).Order().ToArray();

        Assert.Equal(ShopDatabases.Names.Order(), ConnectionStrings(k8s.Single<V1Deployment>("orleans-shop-silo").Spec.Template.Spec));
        Assert.Equal(ShopDatabases.Names.Order(), ConnectionStrings(Assert.Single(k8s.All<V1Job>()).Spec.Template.Spec));
        Assert.Subset(ShopDatabases.Names.ToHashSet(), ConnectionStrings(k8s.Single<V1Deployment>("orleans-shop-gateway").Spec.Template.Spec).ToHashSet());

        // Each connection string comes from a key of the database secret whose database is the name's own.
        var secret = Assert.Single(k8s.All<V1Secret>(), s => s.Metadata.Name.StartsWith("orleans-shop-db", StringComparison.Ordinal));
        var references = k8s.All<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers).Concat(k8s.All<V1Job>().SelectMany(j => j.Spec.Template.Spec.Containers))
            .SelectMany(c => c.Env).Where(e => e.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && e.ValueFrom?.SecretKeyRef is not null);
        Assert.All(references, e =>
        {
            var value = Encoding.UTF8.GetString(secret.Data[e.ValueFrom.SecretKeyRef.Key]);
            Assert.Contains($"Database={ShopDatabases.DefaultDatabaseName(e.Name["ConnectionStrings__".Length..])}", value);
        });
        Assert.Equal(ShopDatabases.Names.Count, secret.Data.Count);
    }

    /// <summary>The silo and gateway ports docker-compose.yml's silos are given (its x-silo environment).</summary>
    private static (int Silo, int Gateway) ComposeSiloPorts()
    {
        var compose = Read("docker-compose.yml");
        var silo = ComposePort("SiloPort").Matches(compose);
        var gateway = ComposePort("GatewayPort").Matches(compose);
        // Once each: in the environment every silo service inherits, not per service.
        Assert.True(silo.Count == 1 && gateway.Count == 1,
            "docker-compose.yml no longer sets Shop__Cluster__SiloPort and Shop__Cluster__GatewayPort once for every silo: update this test with it");
        return (int.Parse(silo[0].Groups["port"].Value), int.Parse(gateway[0].Groups["port"].Value));
    }

    private static Regex ComposePort(string key) => new($@"^\s+Shop__Cluster__{key}: ""(?<port>\d+)""", RegexOptions.Multiline);

    [Fact]
    public void Compose_passes_the_silo_ports_as_configuration_and_the_gateway_finds_them_in_the_membership_table()
    {
        var compose = Read("docker-compose.yml");

        var (silo, gateway) = ComposeSiloPorts();
        Assert.NotEqual(silo, gateway);
        // The gateway is given no port (nor a gateway list): it reads the silos' gateway endpoints from
        // the membership table in the cluster database, so only the silos' ports need to agree.
        var gatewayService = compose[compose.IndexOf("\n  gateway:", StringComparison.Ordinal)..];
        Assert.Contains("ConnectionStrings__Cluster:", gatewayService);
        Assert.DoesNotContain("Shop__Cluster__GatewayPort", gatewayService);
        Assert.DoesNotContain("Shop__Cluster__Gateways", gatewayService);
    }

    [Theory]
    [Trait(TestTraits.Needs, TestTraits.Kubectl)]
    [InlineData("dev")]
    [InlineData("production")]
    public async Task The_manifests_pass_the_silo_ports_compose_uses_and_open_exactly_those(string overlay)
    {
        var k8s = await RenderedManifests.RenderAsync(overlay);
        var silo = k8s.Single<V1Deployment>("orleans-shop-silo").Spec.Template.Spec.Containers.Single();
        int Setting(string key) => int.Parse(Assert.Single(silo.Env, e => e.Name == $"Shop__Cluster__{key}").Value);

        // Passed as configuration, as compose does: the code's local defaults cannot apply unnoticed.
        var ports = (Silo: Setting("SiloPort"), Gateway: Setting("GatewayPort"));
        Assert.Equal(ComposeSiloPorts(), ports);
        Assert.Equal(ports.Silo, silo.Ports.Single(p => p.Name == "silo").ContainerPort);
        Assert.Equal(ports.Gateway, silo.Ports.Single(p => p.Name == "gateway").ContainerPort);
        // The network policies open those ports and no other between the gateway and the silos.
        static bool From(IList<V1NetworkPolicyPeer>? peers, string app) =>
            peers?.Any(p => p.PodSelector?.MatchLabels is { } labels && labels.TryGetValue("app", out var value) && value == app) == true;
        static IEnumerable<int> Ports(IEnumerable<IList<V1NetworkPolicyPort>> rules) => rules.SelectMany(r => r).Select(p => int.Parse(p.Port.Value));
        var gatewayRules = k8s.Single<V1NetworkPolicy>("gateway").Spec.Egress.Where(r => From(r.To, "orleans-shop-silo"));
        var siloPolicy = k8s.Single<V1NetworkPolicy>("silo").Spec;
        Assert.Equal([ports.Gateway], Ports(gatewayRules.Select(r => r.Ports)));
        Assert.Equal([ports.Gateway], Ports(siloPolicy.Ingress.Where(r => From(r.FromProperty, "orleans-shop-gateway")).Select(r => r.Ports)));
        Assert.Equal([ports.Silo], Ports(siloPolicy.Ingress.Where(r => From(r.FromProperty, "orleans-shop-silo")).Select(r => r.Ports)));
        Assert.Equal([ports.Silo], Ports(siloPolicy.Egress.Where(r => From(r.To, "orleans-shop-silo")).Select(r => r.Ports)));
    }

    [Fact]
    public void In_kubernetes_mode_the_silo_listens_on_the_configured_ports()
    {
        // Ports that are neither Orleans' defaults nor the shop's, so neither can pass for them.
        const int siloPort = 12345, gatewayPort = 32345;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Shop:Cluster:Kubernetes"] = "true",
            ["Shop:Cluster:SiloPort"] = siloPort.ToString(),
            ["Shop:Cluster:GatewayPort"] = gatewayPort.ToString(),
        });
        builder.Configuration.AddInMemoryCollection(ShopDatabases.Names.ToDictionary(n => $"ConnectionStrings:{n}", n => (string?)$"Host=127.0.0.1;Database={ShopDatabases.DefaultDatabaseName(n)}"));
        builder.UseOrleans(silo => silo.UseShopAdoNetClustering(SiloClusterOptions.From(builder.Configuration), ShopDatabases.From(builder.Configuration)));
        // The pod's address, which Kubernetes hosting would otherwise look up; the host is built, never
        // started (no Kubernetes API, no database).
        builder.Services.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = IPAddress.Parse("10.0.0.7"));
        using var host = builder.Build();

        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.Equal(new IPEndPoint(IPAddress.Any, siloPort), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Any, gatewayPort), endpoints.GatewayListeningEndpoint);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), endpoints.AdvertisedIPAddress);
    }

    [GeneratedRegex(@"for db in (?<names>[A-Za-z ]+); do\s+export ""ConnectionStrings__\$db=")]
    private static partial Regex RunShDatabases();

    [GeneratedRegex(@"\$KEYS/(?<file>[\w.-]+\.pem)")]
    private static partial Regex RunShKeyFiles();

    [GeneratedRegex(@"ConnectionStrings__(?<name>\w+):[^\n]*Database=(?<db>\w+)")]
    private static partial Regex ComposeConnectionStrings();

    [GeneratedRegex(@"/certs/(?<file>[\w.-]+\.pem)")]
    private static partial Regex ComposeKeyFiles();
}
