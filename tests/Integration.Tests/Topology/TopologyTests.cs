using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;
using Shop.Integration.Tests.Kubernetes;
using Shop.Silo.Hosting;

namespace Shop.Integration.Tests.Topology;

/// <summary>
/// One topology: the connection string names (and their default databases) and the development
/// key files are written once in the code (<see cref="ShopDatabases.Names"/>,
/// <see cref="DevelopmentKeys.Files"/>), which the bench and the tests use. run.sh, docker-compose.yml
/// and k8s/ are shell and YAML, so they are checked against the code here: naming a database the code
/// does not know, or missing one, fails.
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

    [GeneratedRegex(@"for db in (?<names>[A-Za-z ]+); do\s+export ""ConnectionStrings__\$db=")]
    private static partial Regex RunShDatabases();

    [GeneratedRegex(@"\$KEYS/(?<file>[\w.-]+\.pem)")]
    private static partial Regex RunShKeyFiles();

    [GeneratedRegex(@"ConnectionStrings__(?<name>\w+):[^\n]*Database=(?<db>\w+)")]
    private static partial Regex ComposeConnectionStrings();

    [GeneratedRegex(@"/certs/(?<file>[\w.-]+\.pem)")]
    private static partial Regex ComposeKeyFiles();
}
