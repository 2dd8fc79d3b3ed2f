using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Shop.Users;

namespace Shop.Gateway.Auth;

/// <summary>
/// Creates (or updates) the administrator account from configuration once the cluster client is
/// connected. Registered after the Orleans client, so hosted-service order guarantees the connection.
/// A failing cluster (a database outage, a silo dying) is retried until the connect deadline: a
/// gateway restarted during a blip must come up once it passes, not crash (found by the chaos run).
/// </summary>
public sealed class AdminAccountBootstrap(
    IClusterClient cluster,
    IOptions<AdminAccountOptions> adminOptions,
    IHostEnvironment environment,
    IOptions<Cluster.ClusterClientOptions> clusterOptions,
    ILogger<AdminAccountBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = adminOptions.Value;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrWhiteSpace(admin.Password))
        {
            logger.LogWarning("No {Section}:Email/Password configured: no administrator account is bootstrapped.", AdminAccountOptions.Section);
            return;
        }

        if (!environment.IsDevelopment() && admin.Password == AdminAccountOptions.DevelopmentOnlyPassword)
        {
            throw new InvalidOperationException(
                $"{AdminAccountOptions.Section}:Password is the public development default; set a real password outside Development.");
        }

        var directory = cluster.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(admin.Email));
        var profile = await UntilConnectDeadline().ExecuteAsync(
            async token => await directory.EnsureAccount(new RegisterUser(admin.Email, admin.Name, admin.Password), ShopRoles.Admin).WaitAsync(token),
            cancellationToken);
        logger.LogInformation("Administrator account {Email} ({UserId}) is ready.", profile.Email, profile.Id);
    }

    /// <summary>Retries from 250 ms, doubling up to 5 s apart, until the cluster's connect deadline passes.</summary>
    private ResiliencePipeline UntilConnectDeadline() => new ResiliencePipelineBuilder()
        .AddTimeout(clusterOptions.Value.ConnectTimeout)
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(250),
            MaxDelay = TimeSpan.FromSeconds(5),
            MaxRetryAttempts = int.MaxValue,
            UseJitter = false,
            OnRetry = args =>
            {
                logger.LogWarning("The administrator account could not be ensured yet ({Reason}); retrying in {Pause}.",
                    args.Outcome.Exception?.Message, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
