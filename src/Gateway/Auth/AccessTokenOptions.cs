namespace Shop.Gateway.Auth;

/// <summary>Configuration section "Shop:Auth".</summary>
public sealed class AuthSettings
{
    public const string Section = "Shop:Auth";

    public string Issuer { get; set; } = "orleans-shop";
    public string Audience { get; set; } = "orleans-shop-api";

    /// <summary>
    /// Base64 HMAC-SHA256 key (at least 32 bytes) for the tokens this gateway issues. Required outside
    /// Development; in Development a random key is generated at start-up when none is configured.
    /// </summary>
    public string? SigningKey { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
