using Microsoft.Extensions.Logging;

namespace Shop.Silo.Hosting;

/// <summary>
/// A start-up step that calls into the cluster (seeding the demo catalog), retried while the cluster
/// re-forms. A silo that starts while another dies meets that silo's grains and directory ranges
/// until membership declares it dead (seconds): the chaos run saw a restarting silo exit with 134 at
/// start-up because its seed call met a silo killed a second earlier. Failing the start-up for that
/// turns one crash into two, so the step is tried again, with backoff, until it succeeds, the silo's
/// start-up is cancelled, or <c>retryFor</c> has passed (then its last failure stops the silo, as a
/// step that can never succeed must). The step must be idempotent.
/// </summary>
public static class RetriedStartupStep
{
    public static async Task Run(Func<Task> step, string what, ILogger logger, TimeSpan retryFor, TimeSpan firstDelay, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var delay = firstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await step();
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && clock.Elapsed + delay < retryFor)
            {
                logger.LogWarning("{Step} failed (attempt {Attempt}: {Failure}); trying again in {Delay} ms while the cluster re-forms",
                    what, attempt, ex.GetType().Name, (int)delay.TotalMilliseconds);
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }
}
