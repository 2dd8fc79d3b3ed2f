using System.Net;
using System.Net.Sockets;
using Shop.TestSupport;

namespace Shop.Integration.Tests.TestHarness;

/// <summary>
/// The ports the tests' servers bind to. A port from the kernel's ephemeral range can be taken by any
/// outgoing connection between the probe and the server's bind; CI saw a silo fail to start that way.
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public void A_free_port_lies_below_the_kernels_ephemeral_range_and_can_be_bound()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0]);

        var port = FreePort.Next();

        Assert.InRange(port, 1024, ephemeralStart - 1);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }

    [Fact]
    public void A_port_is_handed_out_only_once_per_process()
    {
        var ports = Enumerable.Range(0, 200).Select(_ => FreePort.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
