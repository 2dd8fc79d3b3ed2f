using System.Security.Cryptography;
using System.Text;
using Orleans.Dashboard;

namespace Shop.Silo.Hosting;

/// <summary>
/// The Orleans dashboard at /dashboard on the silo's HTTP port. It shows grain state and call traces,
/// so outside Development it exists only when Shop:Dashboard:Password is set, behind HTTP Basic
/// authentication (user Shop:Dashboard:Username, default "operator"); serve it over TLS at the ingress.
/// </summary>
public static class DashboardSetup
{
    public const string Path = "/dashboard";

    /// <summary>
    /// Shop:Dashboard:Enabled decides when set; otherwise on in Development and wherever a password
    /// is set. The dashboard profiles every grain call, so the benchmark turns it off.
    /// </summary>
    public static ISiloBuilder AddShopDashboard(this ISiloBuilder silo, IConfiguration configuration, IHostEnvironment environment) =>
        DashboardOptions.From(configuration).IsEnabled(environment) ? silo.AddDashboard() : silo;

    public static void MapShopDashboard(this WebApplication app)
    {
        var options = DashboardOptions.From(app.Configuration);
        if (!options.IsEnabled(app.Environment))
        {
            return;
        }

        if (!string.IsNullOrEmpty(options.Password))
        {
            var expected = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (context, next) =>
            {
                if (IsAuthorized(context.Request.Headers.Authorization.ToString(), expected))
                {
                    await next();
                    return;
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans dashboard\"";
            }));
        }

        app.MapOrleansDashboard(Path);
    }

    private static bool IsAuthorized(string header, byte[] expected)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var given = Convert.FromBase64String(header["Basic ".Length..].Trim());
            return CryptographicOperations.FixedTimeEquals(given, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
