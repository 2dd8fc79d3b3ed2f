using Microsoft.Extensions.Configuration;
using k8s.Models;
using Shop.Grains;
using Shop.Silo.Hosting;

namespace Shop.Integration.Tests.Kubernetes;

/// <summary>The manifests render, parse strictly, and agree with what the code serves and reads.</summary>
[Trait(TestTraits.Needs, TestTraits.Kubectl)]
public sealed class ManifestTests
{
    public static TheoryData<string> Overlays() => ["dev", "production"];

    private static V1Container Container(RenderedManifests k8s, string deployment) =>
        k8s.Single<V1Deployment>(deployment).Spec.Template.Spec.Containers.Single();

    private static string[] EnvNames(V1Container container) => [.. container.Env.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_overlay_renders_into_valid_typed_objects(string overlay)
    {
        var k8s = await RenderedManifests.RenderAsync(overlay);

        Assert.NotEmpty(k8s.All<V1Deployment>());
        Assert.Single(k8s.All<V1Namespace>(), n => n.Metadata.Name == "orleans-shop");
        Assert.All(k8s.Objects.OfType<global::k8s.IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal("orleans-shop", o.Metadata.NamespaceProperty));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Probes_use_the_paths_and_ports_the_processes_serve(string overlay)
    {
        var k8s = await RenderedManifests.RenderAsync(overlay);

        foreach (var (deployment, port) in new[] { ("orleans-shop-silo", 8081), ("orleans-shop-gateway", 8080) })
        {
            var container = Container(k8s, deployment);
            var http = container.Ports.Single(p => p.Name == "http");
            Assert.Equal(port, http.ContainerPort);
            Assert.Equal($"http://0.0.0.0:{port}", container.Env.Single(e => e.Name == "ASPNETCORE_URLS").Value);
            Assert.Equal("/health", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/ready", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/health", container.StartupProbe.HttpGet.Path);
            Assert.All(new[] { container.LivenessProbe, container.ReadinessProbe, container.StartupProbe },
                p => Assert.Equal("http", p.HttpGet.Port.Value));
        }
    }

    /// <summary>
    /// /ready is false on every process while a silo that stopped answering is still listed as active.
    /// Kubernetes takes a pod out of its Service after failureThreshold failed probes in a row; if that
    /// came before the silo is declared dead, one cut-off silo would take every gateway out at once.
    /// The worst case of detection: missed probes at the longest timeout, plus the round that votes.
    /// </summary>
    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Readiness_outlasts_the_detection_of_a_silo_that_stops_answering(string overlay)
    {
        var k8s = await RenderedManifests.RenderAsync(overlay);
        var membership = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryLayout.Root, "src", "Silo", "appsettings.json"))
            .Build().GetSection("Shop:Membership");
        var detection = membership.GetValue<TimeSpan>("MaxProbeTimeout") * membership.GetValue<int>("NumMissedProbesLimit")
            + membership.GetValue<TimeSpan>("ProbeTimeout");
        Assert.True(detection > TimeSpan.Zero, "the silo's appsettings.json sets Shop:Membership");

        foreach (var deployment in new[] { "orleans-shop-silo", "orleans-shop-gateway" })
        {
            var probe = Container(k8s, deployment).ReadinessProbe;
            // From the first failed probe to the one that makes the pod unready.
            var untilUnready = TimeSpan.FromSeconds(probe.PeriodSeconds!.Value * (probe.FailureThreshold!.Value - 1));
            Assert.True(untilUnready > detection,
                $"{deployment}: unready {untilUnready.TotalSeconds} s after the first failed probe, but a silo that stops answering is declared dead only after up to {detection.TotalSeconds} s");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_silo_gets_every_setting_durable_kubernetes_mode_reads(string overlay)
    {
        var k8s = await RenderedManifests.RenderAsync(overlay);
        var silo = Container(k8s, "orleans-shop-silo");
        var env = EnvNames(silo);

        foreach (var name in StorageNames.All.Select(ShopDatabases.ConnectionStringName).Append(ShopDatabases.ClusterName))
        {
            Assert.Contains($"ConnectionStrings__{name}", env);
        }

        Assert.Contains("Shop__Persistence", env);
        Assert.Equal("true", silo.Env.Single(e => e.Name == "Shop__Cluster__Kubernetes").Value);
        // What UseKubernetesHosting reads, from the downward API.
        foreach (var name in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID" })
        {
            Assert.NotNull(silo.Env.Single(e => e.Name == name).ValueFrom.FieldRef);
        }

        Assert.Contains("Shop__Authorization__TrustedKeys__gateway__PublicKeyFile", env);
        AssertFilesAreMounted(silo);
        var pod = k8s.Single<V1Deployment>("orleans-shop-silo").Spec.Template.Metadata.Labels;
        Assert.True(pod.ContainsKey("orleans/serviceId") && pod.ContainsKey("orleans/clusterId"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_gateway_gets_every_setting_it_reads(string overlay)
    {
        var k8s = await RenderedManifests.RenderAsync(overlay);
        var gateway = Container(k8s, "orleans-shop-gateway");

        foreach (var name in new[] { "ConnectionStrings__Cluster", "Shop__ServiceIdentity__PrivateKeyFile", "Shop__Auth__SigningKeyRingFile", "Shop__Admin__Email", "Shop__Admin__Password" })
        {
            Assert.Contains(name, EnvNames(gateway));
        }

        AssertFilesAreMounted(gateway);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Labels_and_selectors_match(string overlay)
    {
        var k8s = await RenderedManifests.RenderAsync(overlay);
        var podLabels = k8s.All<V1Deployment>().Select(d => d.Spec.Template.Metadata.Labels)
            .Concat(k8s.All<V1StatefulSet>().Select(s => s.Spec.Template.Metadata.Labels))
            .Concat(k8s.All<V1Job>().Select(j => j.Spec.Template.Metadata.Labels)).ToArray();
        bool Selects(IDictionary<string, string>? selector) =>
            selector is { Count: > 0 } && podLabels.Any(labels => selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value));

        Assert.All(k8s.All<V1Deployment>(), d => Assert.True(d.Spec.Selector.MatchLabels.All(s => d.Spec.Template.Metadata.Labels[s.Key] == s.Value)));
        Assert.All(k8s.All<V1Service>(), s => Assert.True(Selects(s.Spec.Selector), $"service {s.Metadata.Name} selects no pod"));
        Assert.All(k8s.All<V1PodDisruptionBudget>(), p => Assert.True(Selects(p.Spec.Selector.MatchLabels), $"PDB {p.Metadata.Name} selects no pod"));
        Assert.All(k8s.All<V1NetworkPolicy>().Where(n => n.Spec.PodSelector.MatchLabels is { Count: > 0 }),
            n => Assert.True(Selects(n.Spec.PodSelector.MatchLabels), $"network policy {n.Metadata.Name} selects no pod"));
        var hpa = k8s.Single<V2HorizontalPodAutoscaler>("orleans-shop-silo");
        Assert.Contains(k8s.All<V1Deployment>(), d => d.Metadata.Name == hpa.Spec.ScaleTargetRef.Name);
        Assert.Equal(3, hpa.Spec.MinReplicas);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_silos_rbac_covers_what_kubernetes_hosting_needs(string overlay)
    {
        var k8s = await RenderedManifests.RenderAsync(overlay);
        var account = k8s.Single<V1Deployment>("orleans-shop-silo").Spec.Template.Spec.ServiceAccountName;
        var binding = k8s.All<V1RoleBinding>().Single(b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account));
        var role = k8s.Single<V1Role>(binding.RoleRef.Name);

        var pods = role.Rules.Where(r => r.Resources.Contains("pods")).SelectMany(r => r.Verbs).ToHashSet();
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "patch" }, pods);
        Assert.Contains(k8s.All<V1ServiceAccount>(), s => s.Metadata.Name == account);
    }

    [Fact]
    public async Task The_dev_overlay_provides_every_secret_key_its_workloads_read_and_its_database()
    {
        var k8s = await RenderedManifests.RenderAsync("dev");
        var secrets = k8s.All<V1Secret>().ToDictionary(s => s.Metadata.Name, s => s.Data?.Keys.ToHashSet() ?? []);
        var references = k8s.All<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers)
            .Concat(k8s.All<V1Job>().SelectMany(j => j.Spec.Template.Spec.Containers))
            .Concat(k8s.All<V1StatefulSet>().SelectMany(s => s.Spec.Template.Spec.Containers))
            .SelectMany(c => c.Env).Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.ValueFrom.SecretKeyRef);

        // Kustomize appends a hash to generated secrets and rewrites the references to match.
        Assert.All(references, r => Assert.True(secrets.TryGetValue(r.Name, out var keys) && keys.Contains(r.Key), $"{r.Name}/{r.Key} is not provided"));
        Assert.Single(k8s.All<V1StatefulSet>(), s => s.Metadata.Name == "orleans-shop-postgres");
    }

    [Fact]
    public async Task Production_exposes_only_the_gateway_through_an_ingress_and_commits_no_secret()
    {
        var k8s = await RenderedManifests.RenderAsync("production");

        var ingress = Assert.Single(k8s.All<V1Ingress>());
        var paths = ingress.Spec.Rules.Single().Http.Paths;
        Assert.All(paths, path =>
        {
            var backend = path.Backend.Service;
            Assert.Equal("orleans-shop-gateway", backend.Name);
            Assert.Contains(k8s.Single<V1Service>(backend.Name).Spec.Ports, p => p.Name == backend.Port.Name);
        });
        // The public API and its document only: the operational routes stay inside the cluster.
        static bool Routes(V1HTTPIngressPath path, string request) => path.PathType == "Exact"
            ? request == path.Path
            : request == path.Path || request.StartsWith(path.Path.TrimEnd('/') + "/", StringComparison.Ordinal);
        Assert.Contains(paths, p => Routes(p, "/api/products"));
        Assert.Contains(paths, p => Routes(p, "/openapi/v1.json"));
        Assert.DoesNotContain(paths, p => Routes(p, "/metrics") || Routes(p, "/health") || Routes(p, "/ready"));
        Assert.Empty(k8s.All<V1Secret>());
        Assert.Empty(k8s.All<V1StatefulSet>());
    }

    /// <summary>Every file path the container's settings name lies under one of its volume mounts.</summary>
    private static void AssertFilesAreMounted(V1Container container)
    {
        var files = container.Env.Where(e => e.Name.EndsWith("File", StringComparison.Ordinal)).Select(e => e.Value).ToArray();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Contains(container.VolumeMounts, m => file.StartsWith(m.MountPath + "/", StringComparison.Ordinal)));
    }
}
