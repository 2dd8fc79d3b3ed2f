using System.ComponentModel.DataAnnotations;

namespace Shop.Gateway.Auth;

/// <summary>Configuration section "Shop:Admin": the administrator account bootstrapped at start-up.</summary>
public sealed class AdminAccountOptions
{
    public const string Section = "Shop:Admin";

    /// <summary>
    /// The password of appsettings.Development.json. DEVELOPMENT ONLY: it is public, so any other
    /// environment refuses to start with it.
    /// </summary>
    public const string DevelopmentOnlyPassword = "dev-only-admin-password";

    [EmailAddress]
    public string? Email { get; set; }
    public string? Password { get; set; }
    [Required, StringLength(100, MinimumLength = 1)]
    public string Name { get; set; } = "Administrator";
}
