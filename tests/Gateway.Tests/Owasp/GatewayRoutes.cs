using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Shop.Gateway.Auth;

namespace Shop.Gateway.Tests.Owasp;

/// <summary>One route the gateway really serves, as its routing knows it (not as a document says).</summary>
/// <param name="Method">GET, POST, ...; "*" for a route mapped for every method.</param>
/// <param name="Path">The pattern as OpenAPI writes it: constraints dropped (<c>{id:guid}</c> is <c>{id}</c>).</param>
public sealed record ServedRoute(string Method, string Path, bool NeedsUser, bool AdminOnly)
{
    /// <summary>The path with sample values for its parameters, to call it.</summary>
    public string Sample => Path.Replace("{sku}", "KB-001").Replace("{id}", Guid.NewGuid().ToString());

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>The gateway's endpoints read from its EndpointDataSource, so tests cover routes added later too.</summary>
public static class GatewayRoutes
{
    public static IReadOnlyList<ServedRoute> Served(WebApplicationFactory<Program> gateway)
    {
        var endpoints = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<ServedRoute>();
        foreach (var endpoint in endpoints)
        {
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var needsUser = !anonymous && authorize.Count > 0;
            var adminOnly = needsUser && authorize.Any(a => a.Policy == AuthSetup.AdminPolicy);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            routes.AddRange(methods.Select(m => new ServedRoute(m, Normalize(endpoint.RoutePattern), needsUser, adminOnly)));
        }

        return routes.Distinct().OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToArray();
    }

    private static string Normalize(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}{(parameter.IsOptional ? "?" : "")}}}",
            _ => "",
        }))));
}
