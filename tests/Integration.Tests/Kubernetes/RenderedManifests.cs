using System.Diagnostics;
using k8s;
using k8s.Models;

namespace Shop.Integration.Tests.Kubernetes;

/// <summary>
/// An overlay of k8s/ rendered by <c>kubectl kustomize</c> and read strictly into the Kubernetes
/// client's typed models (an unknown or misspelt field fails). Without kubectl the tests skip;
/// under CI=true they fail.
/// </summary>
public sealed class RenderedManifests
{
    private RenderedManifests(IReadOnlyList<object> objects) => Objects = objects;

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>(string name) where T : IKubernetesObject<V1ObjectMeta> => All<T>().Single(o => o.Metadata.Name == name);

    public static string? Kubectl { get; } = new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists);

    public static async Task<RenderedManifests> RenderAsync(string overlay)
    {
        var isCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Assert.SkipWhen(Kubectl is null && !isCi, "kubectl not found (Debian package 'kubectl' or 'kubernetes-client'); under CI=true this fails.");
        var start = new ProcessStartInfo(Kubectl ?? "kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(Path.Combine(Shop.TestSupport.RepositoryLayout.Root, "k8s", "overlays", overlay));
        using var process = Process.Start(start)!;
        var yaml = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {error}");
        return new RenderedManifests(KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true));
    }
}
