using Shop.Gateway.Resilience;
using Shop.Notifications;

namespace Shop.Gateway.Services;

/// <summary>The notifications service: the e-mails a user was sent, behind a circuit of its own.</summary>
public sealed class NotificationsService(IClusterClient cluster, ClusterCalls calls)
{
    public Task<IReadOnlyList<NotificationRecord>> Sent(Guid userId) =>
        calls.Read(DownstreamService.Notifications, $"notifications:{userId}", () => cluster.GetGrain<INotificationGrain>(userId).GetAll());
}
