namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API9 improper inventory management: the OpenAPI document is the
/// inventory. Every route the gateway's routing really serves is in it, or on a short, explicit list
/// of operational routes; and every documented route is served (no stale documentation).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class API9_InventoryTests(GatewayFixture fixture)
{
    /// <summary>Served but not in the document, on purpose (docs/api.md "Routes" lists them).</summary>
    private static readonly string[] OperationalRoutes =
    [
        "GET /health", "HEAD /health", "GET /ready", "HEAD /ready", "GET /metrics", "HEAD /metrics",
        "GET /openapi/{documentName}.json",
    ];

    /// <summary>
    /// Development only: the interactive reference and its scripts, all under this prefix (API8 checks
    /// that none of it is served in Production).
    /// </summary>
    private const string DevelopmentPrefix = "GET /scalar/";

    private async Task<HashSet<string>> Documented()
    {
        var document = await (await Api.Anonymous(fixture.Gateway).GetAsync("/openapi/v1.json")).Json();
        return [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch" or "head" or "options" or "trace")
                .Select(o => $"{o.Name.ToUpperInvariant()} {path.Name}"))];
    }

    [Fact]
    public async Task API9_every_served_route_is_documented_or_an_explicitly_listed_operational_route()
    {
        var documented = await Documented();
        var served = GatewayRoutes.Served(fixture.Gateway).Select(r => r.ToString()).ToArray();

        var undocumented = served.Where(r => !documented.Contains(r) && !r.StartsWith(DevelopmentPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();

        // Equal, not a subset: an operational route that goes away is taken off the list too.
        Assert.Equal([.. OperationalRoutes.Order(StringComparer.Ordinal)], undocumented);
        Assert.Contains(served, r => r.StartsWith(DevelopmentPrefix + "{documentName", StringComparison.Ordinal));
        Assert.DoesNotContain(served, r => r.StartsWith('*'));
    }

    [Fact]
    public async Task API9_every_documented_route_is_served()
    {
        var documented = await Documented();
        var served = GatewayRoutes.Served(fixture.Gateway).Select(r => r.ToString()).ToHashSet();

        Assert.True(documented.Count >= 15, $"the document lists {documented.Count} operations");
        Assert.DoesNotContain(documented, d => !served.Contains(d));
    }
}
