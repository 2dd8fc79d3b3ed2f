using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Shop.Gateway.Pipeline;

/// <summary>
/// Behind an ingress every request comes from the proxy's address, which would put all clients in one
/// per-IP rate-limit bucket. "Shop:Http:TrustedProxies" lists the proxies (IP addresses or CIDR
/// networks) whose X-Forwarded-For is believed; from anyone else the header is ignored.
/// </summary>
public static class TrustedProxies
{
    public const string Key = "Shop:Http:TrustedProxies";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var entries = TrustedProxyOptions.From(configuration).TrustedProxies;
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            // Only the listed proxies, not the framework's default of loopback.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var entry in entries)
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(entry, out var address))
                {
                    options.KnownProxies.Add(address);
                }
                else
                {
                    throw new InvalidOperationException($"{Key}: '{entry}' is neither an IP address nor a CIDR network.");
                }
            }
        });
        return services;
    }

    /// <summary>
    /// Reads X-Forwarded-For only when proxies are listed: with empty lists the framework would believe
    /// the header from anyone.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, IConfiguration configuration) =>
        TrustedProxyOptions.From(configuration).TrustedProxies is { Length: > 0 } ? app.UseForwardedHeaders() : app;
}
