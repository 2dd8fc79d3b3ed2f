using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shop.TestSupport;

/// <summary>The gateway's own Program with test settings (passed as host settings, so they are seen at start-up).</summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    : WebApplicationFactory<Shop.Gateway.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // Tests kill silos on purpose; the client's connection warnings would drown the output.
        builder.UseSetting("Logging:LogLevel:Orleans", "Error");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>The administrator the test gateways bootstrap (a test-only password).</summary>
public static class TestAdmin
{
    public const string Email = "admin@test.local";
    public const string Password = "admin-test-password";
}
