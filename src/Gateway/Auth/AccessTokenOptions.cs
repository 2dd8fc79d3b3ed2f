using System.ComponentModel.DataAnnotations;

namespace Shop.Gateway.Auth;

/// <summary>Configuration section "Shop:Auth".</summary>
public sealed class AccessTokenOptions
{
    public const string Section = "Shop:Auth";

    [Required]
    public string Issuer { get; set; } = "orleans-shop";

    [Required]
    public string Audience { get; set; } = "orleans-shop-api";

    /// <summary>
    /// Base64 HMAC-SHA256 key (at least 32 bytes) for the tokens this gateway issues. Required outside
    /// Development; in Development a random key is generated at start-up when none is configured.
    /// </summary>
    public string? SigningKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
