using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Shop.TestSupport;

public static class FreePort
{
    // Ports are taken from below the kernel's ephemeral range on purpose. A port the kernel hands out
    // for "bind to port 0" comes from that range, and so does the source port of every outgoing
    // connection (Npgsql, silo-to-silo, HTTP clients): between our probe and the server's own bind,
    // another connection could take it ("address already in use", seen in CI). No outgoing
    // connection takes a port below the range, so the only competitors left are other test
    // processes probing the same way, which a random pick over thousands of ports makes unlikely.
    private const int LowestPort = 12000;
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();
    private static readonly int EndOfRange = EphemeralRangeStart();

    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago, outside the kernel's ephemeral range.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, EndOfRange);
            if (HandedOut.TryAdd(port, 0) && CanBind(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free TCP port on 127.0.0.1 between {LowestPort} and {EndOfRange - 1}");
    }

    private static bool CanBind(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralRangeStart()
    {
        // Linux publishes the range; elsewhere use the IANA dynamic range's start.
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(rangeFile)
            && int.TryParse(File.ReadAllText(rangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            && start > LowestPort + 1000)
        {
            return start;
        }

        return 49152;
    }
}
