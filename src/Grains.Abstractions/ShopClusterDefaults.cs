namespace Shop;

/// <summary>
/// The project's own cluster identity and ports. Orleans' defaults (11111/30000, "dev") collide with
/// any other silo on the host, and a client happily joins the wrong cluster, so the shop does not use
/// them on a shared host. docker-compose.yml and k8s/ run one silo per container or pod and use
/// Orleans' ports there, passed explicitly as Shop:Cluster settings (TopologyTests checks both).
/// </summary>
public static class ShopClusterDefaults
{
    public const string ServiceId = "orleans-shop";
    public const string ClusterId = "shop-local";
    public const int SiloPort = 11311;
    public const int GatewayPort = 30311;
}
