using System.ComponentModel.DataAnnotations;

namespace Shop.Gateway.Cluster;

/// <summary>Configuration section "Shop:ServiceIdentity": the key this gateway signs its service tokens with.</summary>
public sealed class ServiceTokenSigningOptions
{
    public const string Section = "Shop:ServiceIdentity";

    /// <summary>ECDSA P-256 private key (PKCS#8 or SEC1 PEM), inline...</summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>...or in a file (Kubernetes mounts it from a secret).</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>The key id silos know the public key under (their Shop:Authorization:TrustedKeys).</summary>
    [Required]
    public string KeyId { get; set; } = "gateway";

    /// <summary>The service name tokens carry; the silos' policy grants rights to "service:&lt;name&gt;".</summary>
    [Required]
    public string ServiceName { get; set; } = Shop.Security.ServiceIdentity.GatewayService;

    [Range(typeof(TimeSpan), "00:01:30", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
