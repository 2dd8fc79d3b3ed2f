using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Shop.Gateway.OpenApi;

/// <summary>
/// Declares the gateway's one way to authenticate, a JWT bearer token from POST /api/auth/token, so
/// that each operation can say whether it needs one (<see cref="OperationAnswers"/>), and states
/// what the document describes and its tags.
/// </summary>
internal sealed class BearerSecurityScheme : IOpenApiDocumentTransformer
{
    public const string Name = "bearer";

    /// <summary>The endpoints' tags (WithTags), described.</summary>
    private static readonly (string Name, string Description)[] Tags =
    [
        ("Authentication", "Create an account and sign in. Open to anyone, rate-limited per client address."),
        ("Users", "The caller's own profile and e-mails; the user always comes from the token."),
        ("Products", "The catalog: anyone reads, administrators define products and restock."),
        ("Orders", "Placing, following and cancelling the caller's orders."),
        ("Aggregation", "Answers composed from several services: the dashboard, the shop statistics."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Orleans.Shop API";
        document.Info.Description = "The shop's public HTTP API. Errors are RFC 9457 problem details (application/problem+json).";
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The access token of POST /api/auth/token, as 'Authorization: Bearer <token>'.",
        };
        // The server is the one that served the document (a relative URL): the framework's default
        // echoes the request's Host header, which the cached document would hand to everyone.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The gateway that serves this document." }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        return Task.CompletedTask;
    }
}
