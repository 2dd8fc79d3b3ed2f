namespace Shop.Grains.Security;

/// <summary>Configuration section "Shop:Authorization" of a silo.</summary>
public sealed class CallAuthorizationOptions
{
    public const string Section = "Shop:Authorization";

    /// <summary>Enforce tokens and the policy. Turning it off is logged loudly and meant for unit tests only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The policy file (JSON), relative to the content root.</summary>
    public string PolicyFile { get; set; } = "authorization-policy.json";

    /// <summary>Public keys (PEM, or a file path) that service tokens may be signed with, by key id.</summary>
    public Dictionary<string, TrustedKey> TrustedKeys { get; set; } = [];

    public sealed class TrustedKey
    {
        public string? PublicKeyPem { get; set; }
        public string? PublicKeyFile { get; set; }
    }
}
