using Shop.Hosting;

namespace Shop.Silo.Hosting;

/// <summary>Configuration section "Shop:Dashboard": the Orleans dashboard on the silo's HTTP port.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Shop:Dashboard";

    /// <summary>Decides when set; otherwise on in Development and wherever a password is set.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The HTTP Basic user name of the dashboard.</summary>
    public string Username { get; set; } = "operator";

    /// <summary>The HTTP Basic password; outside Development the dashboard exists only when it is set.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Read eagerly, like the other values that decide what the silo registers: whether the dashboard
    /// (a silo feature) is added at all is decided while the silo is composed.
    /// </summary>
    public static DashboardOptions From(IConfiguration configuration) => ShopOptions.Read<DashboardOptions>(configuration, Section);

    public bool IsEnabled(IHostEnvironment environment) => Enabled ?? (environment.IsDevelopment() || !string.IsNullOrEmpty(Password));
}
