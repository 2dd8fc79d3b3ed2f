using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace Shop.Hosting;

/// <summary>Configuration section "Shop:Tls": the certificate a process presents and the CA it trusts.</summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "Shop:Tls";

    /// <summary>Mutual TLS on every Orleans connection. Turning it off is logged as a warning.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This process's certificate (PEM), with serverAuth and clientAuth usages...</summary>
    public string? CertificateFile { get; set; }

    /// <summary>...its private key (PEM)...</summary>
    public string? KeyFile { get; set; }

    /// <summary>...and the CA (PEM) that every peer's certificate must chain to.</summary>
    public string? CaFile { get; set; }
}

/// <summary>
/// Mutual TLS between silos and between the gateway and silos (Microsoft.Orleans.Connections.Security).
/// Both sides present a certificate and accept the other's only when it chains to the configured CA:
/// the cluster's own CA, not the machine's trust store. Shared by the silo and the gateway
/// (ServiceDefaults, so neither depends on the other).
/// </summary>
public static class ClusterTls
{
    /// <summary>Orleans sets no TLS target host; peers are identified by their CA, not by name.</summary>
    public const string TargetHost = "orleans-shop";

    /// <summary>The certificate and CA to use, or null when TLS is disabled. Missing files are a start-up error.</summary>
    public static (X509Certificate2 Certificate, X509Certificate2 Ca)? Load(IConfiguration configuration)
    {
        var settings = Options(configuration);
        if (!settings.Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(settings.CertificateFile) || string.IsNullOrWhiteSpace(settings.KeyFile) || string.IsNullOrWhiteSpace(settings.CaFile))
        {
            throw new InvalidOperationException(
                $"{ClusterTlsOptions.Section}: CertificateFile, KeyFile and CaFile are required for mutual TLS between silos and clients " +
                $"(or set {ClusterTlsOptions.Section}:Enabled=false to run without TLS, which is logged as a warning).");
        }

        var certificate = X509Certificate2.CreateFromPemFile(settings.CertificateFile, settings.KeyFile);
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(settings.CaFile));
        return (certificate, ca);
    }

    /// <summary>
    /// The section, read eagerly (not through IOptions): whether and how connections are encrypted
    /// decides what the Orleans client or silo registers, before there is a service provider.
    /// </summary>
    public static ClusterTlsOptions Options(IConfiguration configuration) =>
        configuration.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();

    public static void Configure(TlsOptions options, X509Certificate2 ca)
    {
        // Both ends are ours: TLS 1.3 only, so no TLS 1.2 CBC suite (LUCKY13, found by testssl) is
        // ever offered or accepted on a silo port.
        options.SslProtocols = SslProtocols.Tls13;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => IssuedBy(certificate, ca);
        options.OnAuthenticateAsClient = (_, client) => client.TargetHost = TargetHost;
    }

    /// <summary>True when the certificate chains to <paramref name="ca"/> (the only trusted root) and is valid now.</summary>
    public static bool IssuedBy(X509Certificate2? certificate, X509Certificate2 ca)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
