using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.TestSupport;

/// <summary>
/// The gateway's own Program with test settings (passed as host settings, so they are seen at
/// start-up). When disposed, it checks that its OpenAPI document lists every answer the tests got
/// from it (<see cref="ObservedAnswers"/>) and fails the disposing test or fixture if not.
/// </summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    : WebApplicationFactory<Shop.Gateway.Program>
{
    public ObservedAnswers Answers { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // Tests kill silos on purpose; the client's connection warnings would drown the output.
        builder.UseSetting("Logging:LogLevel:Orleans", "Error");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ObservedAnswers.Recorder(Answers)));
    }

    public override async ValueTask DisposeAsync()
    {
        IReadOnlyList<string> undocumented = [];
        if (Answers.Any)
        {
            undocumented = Answers.Undocumented(await OpenApiDocument());
        }

        await base.DisposeAsync();
        if (undocumented.Count > 0)
        {
            throw new InvalidOperationException("The OpenAPI document does not describe answers the tests observed:\n" + string.Join("\n", undocumented));
        }
    }

    /// <summary>
    /// The document as the gateway serves it, from its own document service rather than over HTTP:
    /// a rate limit test may have spent the anonymous caller's budget, and it needs no cluster.
    /// </summary>
    private async Task<string> OpenApiDocument()
    {
        var document = await Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync(CancellationToken.None);
        return await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
    }
}

/// <summary>The administrator the test gateways bootstrap (a test-only password).</summary>
public static class TestAdmin
{
    public const string Email = "admin@test.local";
    public const string Password = "admin-test-password";
}
