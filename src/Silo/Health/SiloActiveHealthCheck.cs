using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Shop.Silo.Health;

/// <summary>Readiness: this silo is Active in the cluster membership (not joining, not leaving, not dead).</summary>
public sealed class SiloActiveHealthCheck(IClusterMembershipService membership, ILocalSiloDetails self) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(self.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"{self.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"{self.SiloAddress} is {status}"));
    }
}
