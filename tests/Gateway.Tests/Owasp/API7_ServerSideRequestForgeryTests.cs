using System.Text.Json;
using System.Text.RegularExpressions;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>
/// OWASP API Security Top 10 (2023), API7 server side request forgery does not apply today: no
/// endpoint takes a URL or host, and the gateway fetches nothing on a client's behalf (it talks only
/// to the silos it is configured with). This test keeps it that way: a request field or parameter
/// that looks like a URL fails here, so whoever adds one also adds an allow-list and its tests.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed partial class API7_ServerSideRequestForgeryTests(GatewayFixture fixture)
{
    [GeneratedRegex("url|uri|href|link|callback|webhook|host|endpoint|redirect|domain|address|fetch|image|avatar", RegexOptions.IgnoreCase)]
    private static partial Regex UrlLike();

    [Fact]
    public async Task API7_no_request_body_field_or_parameter_takes_a_url()
    {
        var document = await (await Api.Anonymous(fixture.Gateway).GetAsync("/openapi/v1.json")).Json();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var inputs = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    inputs.AddRange(parameters.EnumerateArray().Select(p => $"{path.Name} ?{p.GetProperty("name").GetString()}"));
                }

                if (operation.Value.TryGetProperty("requestBody", out var body))
                {
                    var schema = body.GetProperty("content").GetProperty("application/json").GetProperty("schema");
                    inputs.AddRange(Fields(schema, schemas, depth: 0).Select(f => $"{path.Name} {f}"));
                }
            }
        }

        // Bodies and parameters were found at all (the walk works): e-mail, password, items[].sku, limit...
        Assert.Contains(inputs, i => i.EndsWith(" password", StringComparison.Ordinal));
        Assert.Contains(inputs, i => i.EndsWith(" items.sku", StringComparison.Ordinal));
        Assert.Contains(inputs, i => i.EndsWith(" ?limit", StringComparison.Ordinal));
        // "email" names a mailbox the shop never connects to: it is only stored and matched.
        Assert.DoesNotContain(inputs, i => UrlLike().IsMatch(i.Split(' ')[1].Replace("email", "", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The field names of a schema, following $ref, arrays ("items.sku") and nullable alternatives.</summary>
    private static IEnumerable<string> Fields(JsonElement schema, JsonElement schemas, int depth)
    {
        if (depth > 5)
        {
            yield break;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() is "uri" or "url")
        {
            yield return "(a uri)";
        }

        foreach (var combinator in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var alternatives))
            {
                foreach (var field in alternatives.EnumerateArray().SelectMany(a => Fields(a, schemas, depth + 1)))
                {
                    yield return field;
                }
            }
        }

        if (schema.TryGetProperty("items", out var items))
        {
            foreach (var field in Fields(items, schemas, depth + 1))
            {
                yield return field;
            }
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                yield return property.Name;
                foreach (var field in Fields(property.Value, schemas, depth + 1))
                {
                    yield return $"{property.Name}.{field}";
                }
            }
        }
    }
}
