using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Shop.TestSupport;

/// <summary>
/// Every answer a test gateway gave, by operation (method and route template) and status, so that a
/// suite can check the gateway's OpenAPI document against what it actually answered: a status a test
/// saw that the document does not list is a lie of the document (issue 15: "a test compares the
/// document with the answers the suites observe").
/// </summary>
public sealed partial class ObservedAnswers
{
    private readonly ConcurrentDictionary<(string Method, string Route, int Status), byte> _seen = new();

    public bool Any => !_seen.IsEmpty;

    public void Record(string method, string route, int status) => _seen.TryAdd((method.ToLowerInvariant(), Normalize(route), status), 0);

    /// <summary>The observed answers that <paramref name="openApiJson"/> does not document, one line each.</summary>
    public IReadOnlyList<string> Undocumented(string openApiJson)
    {
        using var document = JsonDocument.Parse(openApiJson);
        var paths = document.RootElement.GetProperty("paths");
        var missing = new List<string>();
        foreach (var (method, route, status) in _seen.Keys.OrderBy(k => k.Route).ThenBy(k => k.Method).ThenBy(k => k.Status))
        {
            if (!paths.TryGetProperty(route, out var path) || !path.TryGetProperty(method, out var operation))
            {
                missing.Add($"{method.ToUpperInvariant()} {route} (answered {status}) is not in the document");
            }
            else if (!operation.GetProperty("responses").TryGetProperty(status.ToString(), out _))
            {
                missing.Add($"{method.ToUpperInvariant()} {route} answered {status}, which the document does not list");
            }
        }

        return missing;
    }

    /// <summary>"/api/orders/{id:guid}" as the document writes it: "/api/orders/{id}"; a group's own route ("/api/orders/") without the slash.</summary>
    private static string Normalize(string route)
    {
        var path = RouteConstraint().Replace(route.StartsWith('/') ? route : "/" + route, "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)(?::[^}]*)?\}")]
    private static partial Regex RouteConstraint();

    /// <summary>First in the pipeline: records each answer after the rest of the pipeline wrote it.</summary>
    internal sealed class Recorder(ObservedAnswers answers) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                try
                {
                    await inner();
                }
                finally
                {
                    // The exception handler clears the endpoint before it answers; its feature keeps it.
                    var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
                    // A request its client abandoned got no answer at all (the log's 499); a 500 is a
                    // bug, which no document lists (the suites that provoke one assert it themselves).
                    if (!context.RequestAborted.IsCancellationRequested && context.Response.StatusCode != StatusCodes.Status500InternalServerError &&
                        endpoint is RouteEndpoint { RoutePattern.RawText: { } route } routed &&
                        routed.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
                    {
                        answers.Record(context.Request.Method, route, context.Response.StatusCode);
                    }
                }
            });
            next(app);
        };
    }
}
