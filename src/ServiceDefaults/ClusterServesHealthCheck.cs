using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans;
using Orleans.Runtime;

namespace Shop.Hosting;

/// <summary>
/// Readiness, the same in the gateway and the silos: the cluster this process sees can serve. Every
/// silo the membership table lists as Active must answer a ping (its silo-control target) within
/// <see cref="Timeout"/>. A silo that died but is still listed (after a crash, until it is voted dead;
/// after a full restart, the previous silos until the new ones vote them dead) would be given new
/// activations and calls that then wait or fail, so while one is listed the process is not ready.
/// The answer names the silos that did not answer.
/// </summary>
/// <remarks>
/// A single silo's crash makes every process not ready for the failure-detection time (seconds); the
/// Kubernetes probes' period times failure threshold is longer than that, so a crash alone does not
/// take the gateways out of their Service (docs/operations.md).
/// </remarks>
public sealed class ClusterServesHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        SiloAddress[] active;
        try
        {
            // GetHosts re-reads the membership table: what the whole cluster will act on, not a cache.
            active = [.. (await management.GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken)).Keys];
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer.", ex);
        }

        if (active.Length == 0)
        {
            return HealthCheckResult.Unhealthy("The cluster has no active silo.");
        }

        var answers = await Task.WhenAll(active.Select(async silo => (silo, answered: await Answers(management, silo, cancellationToken))));
        var silent = answers.Where(a => !a.answered).Select(a => a.silo.ToString()).ToArray();
        return silent.Length == 0
            ? HealthCheckResult.Healthy($"{active.Length} active silo(s), all answering")
            : HealthCheckResult.Unhealthy($"{silent.Length} of {active.Length} silos listed as active do not answer: {string.Join(", ", silent)}");
    }

    private static async Task<bool> Answers(IManagementGrain management, SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            await management.GetRuntimeStatistics([silo]).WaitAsync(Timeout, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
