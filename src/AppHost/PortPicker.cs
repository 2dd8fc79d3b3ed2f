using System.Net;
using System.Net.Sockets;

namespace Shop.AppHost;

/// <summary>A free TCP port on 127.0.0.1 (the Orleans ports and PostgreSQL's are not proxied).</summary>
public static class PortPicker
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
