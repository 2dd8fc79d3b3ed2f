using Shop.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Shop.Gateway.Auth;

public static class AuthSetup
{
    public const string RoleClaim = "role";
    public const string AdminPolicy = "admin";

    /// <summary>JWT bearer authentication of the gateway's own tokens, and the admin policy.</summary>
    public static WebApplicationBuilder AddShopAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddShopOptions<AccessTokenOptions>(AccessTokenOptions.Section);
        // Resolved when the gateway starts (Program asks for it), so a missing or weak key stops it there.
        builder.Services.AddSingleton(services => SigningKey.Resolve(
            services.GetRequiredService<IOptions<AccessTokenOptions>>().Value,
            services.GetRequiredService<IHostEnvironment>(),
            services.GetRequiredService<ILogger<SigningKey>>()));
        builder.Services.AddShopOptions<AdminAccountOptions>(AdminAccountOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenIssuer>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessTokenOptions>, SigningKey>((options, configured, key) =>
            {
                var settings = configured.Value;
                // Keep the token's own claim names ("sub", "role") instead of WS-* URIs.
                options.MapInboundClaims = false;
                // A refused token gets a bare "WWW-Authenticate: Bearer": the handler's default names
                // why (expired when, key not found, bad issuer), which tells a forger what to fix next.
                options.IncludeErrorDetails = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    IssuerSigningKey = key.Key,
                    // Only what we issue: this refuses "alg: none" and algorithm-confusion tokens.
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = "sub",
                    RoleClaimType = RoleClaim,
                };
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (!Guid.TryParse(context.Principal?.FindFirst("sub")?.Value, out _))
                        {
                            context.Fail("The token's subject is not a user id.");
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(ShopRoles.Admin));
        return builder;
    }
}
