using Microsoft.Extensions.Options;
using Orleans;

namespace Shop.Gateway.Cluster;

/// <summary>
/// Keeps retrying the first connection to the cluster until a deadline. Orleans' default gives up
/// quickly and blocks start-up meanwhile; a gateway started together with its silos must wait for them.
/// </summary>
public sealed class ConnectUntilDeadline(IOptions<ClusterClientOptions> options, ILogger<ConnectUntilDeadline> logger) : IClientConnectionRetryFilter
{
    private readonly DateTimeOffset _deadline = DateTimeOffset.UtcNow + options.Value.ConnectTimeout;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow >= _deadline)
        {
            logger.LogError(exception, "No silo answered within {Timeout}; giving up.", options.Value.ConnectTimeout);
            return false;
        }

        logger.LogInformation("Waiting for a silo ({Message})", exception.Message);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return true;
    }
}
