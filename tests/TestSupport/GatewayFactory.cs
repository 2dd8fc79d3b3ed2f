using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.TestSupport;

/// <summary>
/// The gateway's own Program with test settings (passed as host settings, so they are seen at
/// start-up). It checks that its OpenAPI document lists every answer the tests got from it
/// (<see cref="ObservedAnswers"/>): after each test (<see cref="NewlyUndocumented"/>) and when disposed.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Shop.Gateway.Program>
{
    /// <summary>The gateways not yet disposed: a shared fixture's gateway is checked after each test, not only when the fixture ends.</summary>
    private static readonly ConcurrentDictionary<GatewayFactory, byte> Live = new();

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly HashSet<string> _reported = [];
    private string? _document;

    public GatewayFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Development")
    {
        _settings = settings;
        _environment = environment;
        Live.TryAdd(this, 0);
    }

    public ObservedAnswers Answers { get; } = new();

    /// <summary>
    /// What the live gateways answered since the last call that their documents do not list. Called
    /// after every test (the test projects' <c>FailOnUndocumentedAnswers</c>): a fixture's disposal
    /// failing is only logged by the test runner, a test failing is counted.
    /// </summary>
    public static async Task<IReadOnlyList<string>> NewlyUndocumented()
    {
        var found = new List<string>();
        foreach (var gateway in Live.Keys)
        {
            found.AddRange(await gateway.TakeUndocumented());
        }

        return found;
    }

    private async Task<IReadOnlyList<string>> TakeUndocumented()
    {
        if (!Answers.Any)
        {
            return [];
        }

        _document ??= await OpenApiDocument();
        lock (_reported)
        {
            return Answers.Undocumented(_document).Where(_reported.Add).ToArray();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        // Tests kill silos on purpose; the client's connection warnings would drown the output.
        builder.UseSetting("Logging:LogLevel:Orleans", "Error");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ObservedAnswers.Recorder(Answers)));
    }

    public override async ValueTask DisposeAsync()
    {
        Live.TryRemove(this, out _);
        var undocumented = await TakeUndocumented();
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
