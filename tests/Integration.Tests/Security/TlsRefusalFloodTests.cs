using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Shop.Integration.Tests.Durability;

namespace Shop.Integration.Tests.Security;

/// <summary>
/// Issue 16: each refused TLS handshake on a silo port logged a multi-line stack trace (4.8 MiB in
/// 10 s from one client). A real silo process, flooded with real handshakes it must refuse (TLS 1.2,
/// no client certificate), counts them in its metrics and logs a line a second at most.
/// </summary>
[Trait(TestTraits.Needs, TestTraits.Processes)]
public sealed class TlsRefusalFloodTests
{
    private const int Handshakes = 300;

    [Fact]
    public async Task A_flood_of_refused_handshakes_on_a_silo_port_is_counted_and_barely_grows_the_log()
    {
        var gatewayPort = FreePort.Next();
        var settings = new Dictionary<string, string?>(TestKeys.SiloSettings())
        {
            ["Shop:Catalog:SeedDemo"] = "false",
            ["Shop:Cluster:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        };
        await using var silo = await SiloProcess.StartAsync("tls-flood", settings);
        using var http = new HttpClient();
        var before = await Refusals(http, silo);
        var logBefore = silo.Output.Length;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Handshakes; i++)
        {
            await RefusedHandshake(gatewayPort);
        }

        // Every refusal is counted (the counter is read from the process's own /metrics)...
        var after = await Eventually.Until(() => Refusals(http, silo), count => count - before >= Handshakes,
            $"{Handshakes} refused handshakes to be counted");
        Assert.InRange(after - before, Handshakes, Handshakes + 5);

        // ...and the log grew by a summary a second (the console logger writes each as a few lines), not
        // a warning with a stack trace per refusal (about 2 KiB each before: some 600 KiB for 300).
        var grown = silo.Output[logBefore..];
        var summaries = grown.Split("TLS handshake refused on a cluster port").Length - 1;
        Assert.InRange(summaries, 1, (int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 2);
        Assert.DoesNotContain("   at ", grown); // no stack frame
        Assert.True(grown.Length < 16 * 1024, $"the log grew by {grown.Length} characters for {Handshakes} refusals:\n{grown[..Math.Min(grown.Length, 2000)]}");
    }

    /// <summary>A client the silo must refuse: TLS 1.2 (the cluster speaks 1.3 only) and no certificate.</summary>
    private static async Task RefusedHandshake(int port)
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
        await Assert.ThrowsAnyAsync<Exception>(() => tls.AuthenticateAsClientAsync(options));
    }

    private static async Task<long> Refusals(HttpClient http, SiloProcess silo)
    {
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{silo.HttpPort}/metrics");
        // Absent until the first refusal: 0.
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("shop_cluster_tls_refusals_total", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
