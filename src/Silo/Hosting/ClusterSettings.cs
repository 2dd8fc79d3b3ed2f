namespace Shop.Silo.Hosting;

/// <summary>Configuration section "Shop:Cluster": who this silo is and where it listens.</summary>
public sealed class ClusterSettings
{
    public const string Section = "Shop:Cluster";

    public string ServiceId { get; set; } = ShopClusterDefaults.ServiceId;
    public string ClusterId { get; set; } = ShopClusterDefaults.ClusterId;
    public int SiloPort { get; set; } = ShopClusterDefaults.SiloPort;
    public int GatewayPort { get; set; } = ShopClusterDefaults.GatewayPort;

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();
}
