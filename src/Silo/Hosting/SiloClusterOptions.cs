using System.ComponentModel.DataAnnotations;
using Shop.Hosting;

namespace Shop.Silo.Hosting;

/// <summary>Configuration section "Shop:Cluster": who this silo is and where it listens.</summary>
public sealed class SiloClusterOptions
{
    public const string Section = "Shop:Cluster";

    [Required]
    public string ServiceId { get; set; } = ShopClusterDefaults.ServiceId;
    [Required]
    public string ClusterId { get; set; } = ShopClusterDefaults.ClusterId;
    [Range(1, 65535)]
    public int SiloPort { get; set; } = ShopClusterDefaults.SiloPort;
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = ShopClusterDefaults.GatewayPort;

    /// <summary>
    /// The address other silos and clients use to reach this silo (durable mode). Default: loopback.
    /// "auto": this host's first non-loopback IPv4 address (containers, whose address is not known ahead).
    /// </summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>
    /// Running in Kubernetes: the silo takes its name, address and ids from the pod (POD_NAME, POD_IP,
    /// ORLEANS_SERVICE_ID, ORLEANS_CLUSTER_ID) and follows pod lifecycle (UseKubernetesHosting).
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>Listen on every interface instead of only the advertised address (containers).</summary>
    public bool ListenOnAnyAddress { get; set; }

    public System.Net.IPAddress AdvertisedAddress() => AdvertisedIP switch
    {
        "auto" => System.Net.Dns.GetHostAddresses(System.Net.Dns.GetHostName())
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a))
            ?? throw new InvalidOperationException($"{Section}:AdvertisedIP is 'auto' but this host has no non-loopback IPv4 address."),
        _ when System.Net.IPAddress.TryParse(AdvertisedIP, out var address) => address,
        _ => throw new InvalidOperationException($"{Section}:AdvertisedIP '{AdvertisedIP}' is not an IP address (or 'auto')."),
    };

    /// <summary>
    /// Read eagerly, not through IOptions: who the silo is and where it listens decide what is
    /// registered (clustering, endpoints) while the silo is composed. Validated the same way.
    /// </summary>
    public static SiloClusterOptions From(IConfiguration configuration) => ShopOptions.Read<SiloClusterOptions>(configuration, Section);
}
