using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Shop.Hosting;
using Shop.Inventory;
using Shop.Silo.Hosting;

namespace Shop.Gateway.Tests;

/// <summary>Mutual TLS on the silo's gateway port: only clients with a certificate from the cluster's CA get in.</summary>
[Collection(GatewayFaultsCollection.Name)]
public sealed class TransportSecurityTests(FaultInjectingGatewayFixture fixture)
{
    private async Task<IHost> Connect(IEnumerable<KeyValuePair<string, string?>>? tls)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Configuration.AddInMemoryCollection(tls ?? [new("Shop:Tls:Enabled", "false")]);
        var credentials = ClusterTls.Load(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            if (credentials is var (certificate, ca))
            {
                client.UseTls(certificate, options => ClusterTls.Configure(options, ca));
            }

            client.UseStaticClustering(fixture.Silo.GatewayEndpoint);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = fixture.Silo.Cluster.ClusterId;
                o.ServiceId = fixture.Silo.Cluster.ServiceId;
            });
            // A refused client retries forever by default; give up at once to see the refusal.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task A_plain_tcp_client_cannot_connect()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => Connect(tls: null));
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_another_ca_cannot_connect()
    {
        var foreign = TestKeys.CreateForeign();

        await Assert.ThrowsAnyAsync<Exception>(() => Connect(TestKeys.Tls("gateway", foreign)));
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_the_cluster_ca_connects()
    {
        using var host = await Connect(TestKeys.Tls("gateway"));
        var client = host.Services.GetRequiredService<IClusterClient>();

        // Connected: the call reaches the silo (and is then refused by the policy: no service token).
        await Assert.ThrowsAsync<Shop.Security.CallDeniedException>(() => client.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSkus());
        await host.StopAsync();
    }

    [Theory]
    [InlineData(SslProtocols.Tls12, false)]
    [InlineData(SslProtocols.Tls13, true)]
    public async Task The_silo_port_speaks_TLS_1_3_only(SslProtocols protocol, bool accepted)
    {
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(fixture.Silo.GatewayEndpoint);
        await using var tls = new SslStream(tcp.GetStream());
        var directory = TestKeys.Directory;
        using var certificate = X509Certificate2.CreateFromPemFile(
            Path.Combine(directory, DevelopmentKeys.CertificateFile(DevelopmentKeys.Gateway)), Path.Combine(directory, DevelopmentKeys.KeyFile(DevelopmentKeys.Gateway)));
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = ClusterTls.TargetHost,
            EnabledSslProtocols = protocol,
            ClientCertificates = [certificate],
            // This test is about the protocol version, not about who the silo is.
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };

        var handshake = tls.AuthenticateAsClientAsync(options);

        if (accepted)
        {
            await handshake;
            Assert.Equal(SslProtocols.Tls13, tls.SslProtocol);
        }
        else
        {
            await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        }
    }
}
