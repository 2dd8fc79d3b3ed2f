using Shop.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Shop.Gateway.Services;

namespace Shop.Gateway.Auth;

public static class AuthSetup
{
    public const string RoleClaim = "role";
    public const string AdminPolicy = "admin";

    /// <summary>
    /// JWT bearer authentication of the gateway's own ES256 access tokens (or, when configured, of an
    /// external OpenID Connect provider's), the per-call session check, and the admin policy.
    /// </summary>
    public static WebApplicationBuilder AddShopAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddShopOptions<AccessTokenOptions>(AccessTokenOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        // Resolved when the gateway starts (Program asks for it), so a missing or broken key ring stops it there.
        builder.Services.AddSingleton(services => SigningKeys.Resolve(
            services.GetRequiredService<IOptions<AccessTokenOptions>>().Value,
            services.GetRequiredService<IHostEnvironment>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<SigningKeys>>()));
        builder.Services.AddShopOptions<AdminAccountOptions>(AdminAccountOptions.Section);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<SessionCheck>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessTokenOptions>, IServiceProvider>((options, configured, services) =>
            {
                var settings = configured.Value;
                // Keep the token's own claim names ("sub", "role", "sid") instead of WS-* URIs.
                options.MapInboundClaims = false;
                // A refused token gets a bare "WWW-Authenticate: Bearer": the handler's default names
                // why (expired when, key not found, bad issuer), which tells a forger what to fix next.
                options.IncludeErrorDetails = false;
                if (settings.UsesExternalProvider)
                {
                    ConfigureExternalProvider(options, settings);
                    return;
                }

                var keys = services.GetRequiredService<SigningKeys>();
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberingTokenHandler(services.GetRequiredService<TimeProvider>(), kid => keys.Resolve(kid).Any()) { MapInboundClaims = false });
                // Only what we issue: this refuses "alg: none", HS256 and algorithm-confusion tokens.
                var parameters = SignedAndExpiring(settings, [SecurityAlgorithms.EcdsaSha256]);
                parameters.ValidIssuer = settings.Issuer;
                parameters.ValidAudience = settings.Audience;
                // By the token's "kid", among the keys of the ring accepted now (a rotation's previous
                // key within its window); a token without a kid, or of an unknown one, is refused.
                parameters.IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Resolve(keyId);
                options.TokenValidationParameters = parameters;
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async context =>
                    {
                        if (!Guid.TryParse(context.Principal?.FindFirst("sub")?.Value, out var userId))
                        {
                            context.Fail("The token's subject is not a user id.");
                            return;
                        }

                        if (!Guid.TryParse(context.Principal?.FindFirst(TokenIssuer.SessionClaim)?.Value, out var sessionId))
                        {
                            context.Fail("The token names no session.");
                            return;
                        }

                        var http = context.HttpContext.RequestServices;
                        if (!await http.GetRequiredService<SessionCheck>().IsOpen(userId, sessionId, http.GetRequiredService<UsersService>()))
                        {
                            context.Fail("The token's session has ended.");
                        }
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(ShopRoles.Admin));
        return builder;
    }

    /// <summary>
    /// What every accepted token must be, ours or an external provider's: signed with one of
    /// <paramref name="algorithms"/>, with an expiry (within the configured clock skew), its user in
    /// "sub" and its roles in <see cref="RoleClaim"/>.
    /// </summary>
    private static TokenValidationParameters SignedAndExpiring(AccessTokenOptions settings, string[] algorithms) => new()
    {
        ValidAlgorithms = algorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = settings.ClockSkew,
        NameClaimType = "sub",
        RoleClaimType = RoleClaim,
    };

    /// <summary>
    /// Tokens of an external OpenID Connect provider: its keys and issuer from its metadata document,
    /// its audience; the subject must still be a shop user id. Such tokens name no shop session: their
    /// revocation is the provider's, bounded by their lifetime.
    /// </summary>
    private static void ConfigureExternalProvider(JwtBearerOptions options, AccessTokenOptions settings)
    {
        options.Authority = settings.External.Authority;
        options.Audience = settings.External.Audience;
        options.RequireHttpsMetadata = settings.External.RequireHttpsMetadata;
        // Asymmetric algorithms only: no "none", no HMAC with a public key as its secret.
        var parameters = SignedAndExpiring(settings, [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384,
            SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSsaPssSha256]);
        parameters.ValidAudience = settings.External.Audience;
        options.TokenValidationParameters = parameters;
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
    }
}
