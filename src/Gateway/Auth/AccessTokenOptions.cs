using System.ComponentModel.DataAnnotations;

namespace Shop.Gateway.Auth;

/// <summary>Configuration section "Shop:Auth": the access and refresh tokens, their signing keys, sessions.</summary>
public sealed class AccessTokenOptions
{
    public const string Section = "Shop:Auth";

    [Required]
    public string Issuer { get; set; } = "orleans-shop";

    [Required]
    public string Audience { get; set; } = "orleans-shop-api";

    /// <summary>
    /// The ES256 signing key ring (JSON, written by <c>Shop.Silo signing-keys rotate FILE</c>). Required
    /// outside Development; in Development a random key is generated at start-up when none is configured.
    /// </summary>
    public string? SigningKeyRingFile { get; set; }

    /// <summary>How often the gateway looks at the key ring file again (a rotation is picked up within this).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SigningKeyRingReloadInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The lifetime of an access token: how long one outlives its session, at most, if the session check cannot run.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a refresh token (and so a session nobody refreshes) lives; every refresh starts it again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Sessions kept per user: signing in once more drops the oldest.</summary>
    [Range(1, 100)]
    public int MaxSessionsPerUser { get; set; } = 10;

    /// <summary>
    /// How long a gateway trusts its last answer to "is this session open?" (the per-call check of the
    /// access token's "sid"). A session ended through another gateway is refused here within this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan SessionCheckCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tolerated clock difference when checking a token's lifetime.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An external OpenID Connect provider whose tokens the gateway accepts instead of its own (then it
    /// issues none: the sign-in, refresh and sign-out routes are not mapped). Unset: the gateway's own tokens.
    /// </summary>
    public ExternalProviderOptions External { get; set; } = new();

    public bool UsesExternalProvider => !string.IsNullOrWhiteSpace(External.Authority);

    public sealed class ExternalProviderOptions : IValidatableObject
    {
        /// <summary>The issuer's URL; its metadata is read from {Authority}/.well-known/openid-configuration.</summary>
        [Url]
        public string? Authority { get; set; }

        /// <summary>The audience the provider's tokens must name (required with an Authority).</summary>
        public string? Audience { get; set; }

        /// <summary>False only for a provider on loopback in tests and local runs.</summary>
        public bool RequireHttpsMetadata { get; set; } = true;

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (!string.IsNullOrWhiteSpace(Authority) && string.IsNullOrWhiteSpace(Audience))
            {
                yield return new ValidationResult("An external provider's Audience is required with its Authority.", [nameof(Audience)]);
            }
        }
    }
}
