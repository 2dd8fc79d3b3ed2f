namespace Shop.Gateway.Cluster;

/// <summary>Configuration section "Shop:Cluster": which cluster the gateway's Orleans client joins.</summary>
public sealed class ClusterClientSettings
{
    public const string Section = "Shop:Cluster";

    public string ServiceId { get; set; } = ShopClusterDefaults.ServiceId;
    public string ClusterId { get; set; } = ShopClusterDefaults.ClusterId;

    /// <summary>Silo gateway endpoints ("host:port"). Empty: the local silo on <see cref="GatewayPort"/>.</summary>
    public List<string> Gateways { get; set; } = [];

    public int GatewayPort { get; set; } = ShopClusterDefaults.GatewayPort;

    /// <summary>How long start-up waits for a silo before the gateway gives up (and its supervisor restarts it).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a grain call may take before the gateway gives up on it (Orleans' default is 30 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
