using Shop.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Shop.Grains;
using Shop.Grains.Events;

namespace Shop.Silo.Hosting;

/// <summary>
/// The order event streams (memory streams in both modes): a fixed number of partition streams
/// (Shop:Streams:Partitions), implicit subscriptions only, and pulling agents that hand each
/// consumer up to Shop:Streams:BatchSize events per delivery and look for new events every
/// Shop:Streams:PollPeriod. The options are bound eagerly here because they decide how the stream
/// provider is registered; the grains read (and the silo validates) the same section through IOptions.
/// </summary>
public static class OrderEventStreams
{
    public static ISiloBuilder AddShopOrderEventStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = ShopOptions.Read<OrderStreamOptions>(configuration, OrderStreamOptions.Section);
        // Implicit subscriptions only: they are re-created from the grain type on every activation,
        // so nothing about subscriptions has to be stored (and no PubSubStore is needed).
        silo.AddMemoryStreams(ShopStreams.Provider, streams =>
        {
            streams.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure(o =>
            {
                o.GetQueueMsgsTimerPeriod = options.PollPeriod;
                o.StreamInactivityPeriod = options.InactivityPeriod;
                o.BatchContainerBatchSize = options.BatchSize;
            }));
        });
        return silo;
    }
}
