using Shop.Hosting;
using Shop.Grains.Security;

namespace Shop.Silo.Hosting;

public static class AuthorizationSetup
{
    /// <summary>
    /// The cluster's call authorization: the policy file, the public keys service tokens may be signed
    /// with, and the filter in front of every shop grain. A silo without trusted keys refuses to start
    /// unless authorization is explicitly disabled (which is logged as a warning).
    /// </summary>
    public static ISiloBuilder AddShopAuthorization(this ISiloBuilder silo, IConfiguration configuration)
    {
        // Read eagerly: whether calls are checked decides what the silo registers (the filter).
        var settings = ShopOptions.Read<CallAuthorizationOptions>(configuration, CallAuthorizationOptions.Section);
        if (!settings.Enabled)
        {
            silo.AddStartupTask((services, _) =>
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Security").LogWarning(
                    "AUTHORIZATION DISABLED ({Section}:Enabled=false): grain calls are not checked. Never do this outside tests.",
                    CallAuthorizationOptions.Section);
                return Task.CompletedTask;
            });
            return silo;
        }

        var keys = settings.TrustedKeys.Select(k => (k.Key, Pem: k.Value.PublicKeyPem ?? ReadFile(k.Value.PublicKeyFile))).ToArray();
        if (keys.Length == 0 || keys.Any(k => string.IsNullOrWhiteSpace(k.Pem)))
        {
            throw new InvalidOperationException(
                $"{CallAuthorizationOptions.Section}:TrustedKeys must name at least one public key (PublicKeyPem or PublicKeyFile) of the services that call this silo.");
        }

        var policy = AuthorizationPolicy.Load(Path.GetFullPath(settings.PolicyFile, AppContext.BaseDirectory));
        silo.Services.AddSingleton(policy);
        silo.Services.AddSingleton(new ServiceTokenValidator(keys.Select(k => (k.Key, k.Pem!))));
        silo.AddIncomingGrainCallFilter<CallAuthorizationFilter>();
        return silo;
    }

    private static string? ReadFile(string? path) => path is null ? null : File.ReadAllText(path);
}
