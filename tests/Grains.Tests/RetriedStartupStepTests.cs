using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Shop.Silo.Hosting;

namespace Shop.Grains.Tests;

/// <summary>The silo's start-up calls into the cluster (the demo catalog seed) ride over a re-forming cluster instead of stopping the silo.</summary>
public sealed class RetriedStartupStepTests
{
    [Fact]
    public async Task A_start_up_step_that_meets_a_dead_silo_is_tried_again_until_it_succeeds()
    {
        var calls = 0;
        await RetriedStartupStep.Run(() => ++calls < 3 ? throw new SiloUnavailableException("Unable to connect to a dead silo") : Task.CompletedTask,
            "test step", NullLogger.Instance, retryFor: TimeSpan.FromSeconds(30), firstDelay: TimeSpan.FromMilliseconds(1), CancellationToken.None);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task A_start_up_step_that_keeps_failing_stops_the_start_up_with_its_failure_once_the_retry_time_is_out()
    {
        var calls = 0;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => RetriedStartupStep.Run(
            () => { calls++; throw new InvalidOperationException("never works"); },
            "test step", NullLogger.Instance, retryFor: TimeSpan.FromMilliseconds(200), firstDelay: TimeSpan.FromMilliseconds(20), CancellationToken.None));
        Assert.Equal("never works", failure.Message);
        Assert.InRange(calls, 2, 20);
    }

    [Fact]
    public async Task A_start_up_that_is_cancelled_stops_retrying()
    {
        using var cancelled = new CancellationTokenSource();
        var calls = 0;
        await Assert.ThrowsAnyAsync<Exception>(() => RetriedStartupStep.Run(
            () => { calls++; cancelled.Cancel(); throw new SiloUnavailableException("gone"); },
            "test step", NullLogger.Instance, retryFor: TimeSpan.FromMinutes(1), firstDelay: TimeSpan.FromMilliseconds(1), cancelled.Token));
        Assert.Equal(1, calls);
    }
}
