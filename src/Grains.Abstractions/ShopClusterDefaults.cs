namespace Shop;

/// <summary>
/// The project's own cluster identity and ports. Orleans' defaults (11111/30000, "dev") collide with
/// any other silo on the host, and a client happily joins the wrong cluster, so the shop never uses them.
/// </summary>
public static class ShopClusterDefaults
{
    public const string ServiceId = "orleans-shop";
    public const string ClusterId = "shop-local";
    public const int SiloPort = 11311;
    public const int GatewayPort = 30311;
}
