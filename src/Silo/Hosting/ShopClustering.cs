namespace Shop.Silo.Hosting;

public static class ShopClustering
{
    /// <summary>
    /// Embedded default: one silo on loopback with the project's own ports and ids (Orleans' defaults
    /// would collide with any other local cluster).
    /// </summary>
    public static ISiloBuilder UseShopLocalhostClustering(this ISiloBuilder silo, SiloClusterOptions cluster) =>
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
}
