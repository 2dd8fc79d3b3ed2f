using Shop.Hosting;

namespace Shop.Gateway.Pipeline;

/// <summary>
/// "Shop:Http:TrustedProxies": the proxies whose X-Forwarded-For is believed. Read eagerly
/// (<see cref="From"/>): whether any are listed decides whether the forwarded-headers middleware is
/// in the pipeline at all.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "Shop:Http";

    public string[] TrustedProxies { get; set; } = [];

    public static TrustedProxyOptions From(IConfiguration configuration) => ShopOptions.Read<TrustedProxyOptions>(configuration, Section);
}
