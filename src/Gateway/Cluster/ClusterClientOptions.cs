using System.ComponentModel.DataAnnotations;

namespace Shop.Gateway.Cluster;

/// <summary>Configuration section "Shop:Cluster": which cluster the gateway's Orleans client joins.</summary>
public sealed class ClusterClientOptions
{
    public const string Section = "Shop:Cluster";

    [Required]
    public string ServiceId { get; set; } = ShopClusterDefaults.ServiceId;
    [Required]
    public string ClusterId { get; set; } = ShopClusterDefaults.ClusterId;

    /// <summary>Silo gateway endpoints ("host:port"). Empty: the local silo on <see cref="GatewayPort"/>.</summary>
    public List<string> Gateways { get; set; } = [];

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = ShopClusterDefaults.GatewayPort;

    /// <summary>How long start-up waits for a silo before the gateway gives up (and its supervisor restarts it).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a grain call may take before the gateway gives up on it (Orleans' default is 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the client re-reads the live gateway silos from the membership table (Orleans' default
    /// is a minute). A gateway silo whose connection fails is dropped at once by the client itself; this
    /// period bounds how long a silo that joined (a replacement, a restart on a new address) waits to be used.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
