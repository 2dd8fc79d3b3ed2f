using Orleans.Configuration;
using Orleans.Hosting;
using Shop.Grains;

namespace Shop.Silo.Hosting;

/// <summary>
/// The order event streams (memory streams in both modes): implicit subscriptions only, and pulling
/// agents that look for new events every Shop:Streams:PollPeriod (Orleans' default of 100 ms would
/// add up to 100 ms to each hop of the saga: created, then confirmed). Each order has a stream of its
/// own that is busy for a moment; the agents scan every stream they know on each read, so a stream is
/// forgotten after Shop:Streams:InactivityPeriod (Orleans' default of 30 minutes made the scan of
/// every read grow with the orders of the last half hour).
/// </summary>
public static class OrderEventStreams
{
    public static readonly TimeSpan DefaultPollPeriod = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan DefaultInactivityPeriod = TimeSpan.FromMinutes(1);

    public static ISiloBuilder AddShopOrderEventStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        var period = configuration.GetValue("Shop:Streams:PollPeriod", DefaultPollPeriod);
        var inactivity = configuration.GetValue("Shop:Streams:InactivityPeriod", DefaultInactivityPeriod);
        // Implicit subscriptions only: they are re-created from the grain type on every activation,
        // so nothing about subscriptions has to be stored (and no PubSubStore is needed).
        silo.AddMemoryStreams(ShopStreams.Provider, streams =>
        {
            streams.ConfigureStreamPubSub(Orleans.Streams.StreamPubSubType.ImplicitOnly);
            streams.ConfigurePullingAgent(agent => agent.Configure(o =>
            {
                o.GetQueueMsgsTimerPeriod = period;
                o.StreamInactivityPeriod = inactivity;
            }));
        });
        return silo;
    }
}
