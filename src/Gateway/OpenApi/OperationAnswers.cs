using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Shop.Gateway.Auth;
using Shop.Gateway.Errors;

namespace Shop.Gateway.OpenApi;

/// <summary>
/// The answers an operation gives before or around its handler, derived from the endpoint's own
/// metadata rather than kept by hand per route: the handler's result union documents what the
/// handler answers, this adds what the pipeline answers for it.
/// <list type="bullet">
/// <item>requires authorization: the bearer requirement and 401; the admin policy: 403;</item>
/// <item>reads a body: 400 (unreadable JSON), 408 (too slow), 413 (too large), 415 (not JSON);</item>
/// <item>is rate limited (every route that does not opt out): 429 with Retry-After;</item>
/// <item>calls the cluster (a parameter from <c>Shop.Gateway.Services</c>): 503 with Retry-After.</item>
/// </list>
/// </summary>
internal sealed class OperationAnswers : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        operation.Responses ??= [];
        var problem = await ProblemSchema(document, context, cancellationToken);
        void Answer(int status, string description)
        {
            if (!operation.Responses.ContainsKey(status.ToString()))
            {
                operation.Responses[status.ToString()] = Problem(problem, description);
            }
        }

        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var authorization = metadata.OfType<IAuthorizeData>().ToArray();
        if (!anonymous && authorization.Length > 0)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSecurityScheme.Name, document)] = [] }];
            Answer(StatusCodes.Status401Unauthorized, "No bearer token, or one that is expired or invalid.");
            if (authorization.Any(a => a.Policy == AuthSetup.AdminPolicy))
            {
                Answer(StatusCodes.Status403Forbidden, "The caller is not an administrator.");
            }
        }
        else
        {
            // Explicitly none: the route is open to anyone.
            operation.Security = [];
        }

        if (metadata.OfType<IAcceptsMetadata>().Any())
        {
            Answer(StatusCodes.Status400BadRequest, "The body is not valid JSON for this request, or a field breaks its rule.");
            Answer(StatusCodes.Status408RequestTimeout, "The body did not arrive in time (the server's minimum data rate).");
            Answer(StatusCodes.Status413PayloadTooLarge, "The body is larger than the gateway accepts.");
            Answer(StatusCodes.Status415UnsupportedMediaType, "The body is not JSON (application/json) in a charset the gateway reads.");
        }

        if (!metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            Answer(StatusCodes.Status429TooManyRequests, "Too many requests from this caller; retry after Retry-After seconds.");
        }

        if (metadata.OfType<MethodInfo>().Any(CallsTheCluster))
        {
            Answer(StatusCodes.Status503ServiceUnavailable, "A service of the cluster cannot answer right now; retry after Retry-After seconds.");
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse answer)
            {
                continue;
            }

            // The framework leaves descriptions of result types empty; OpenAPI requires one.
            if (string.IsNullOrEmpty(answer.Description))
            {
                answer.Description = Describe(status);
            }

            if (status is "429" or "503")
            {
                answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
                answer.Headers.TryAdd("Retry-After", RetryAfter);
            }
        }
    }

    /// <summary>The shared ProblemDetails component (a reference, as the framework's own answers use), added if no route added it yet.</summary>
    private static async Task<IOpenApiSchema> ProblemSchema(OpenApiDocument document, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        const string id = nameof(ProblemDetails);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(id))
        {
            document.Components.Schemas[id] = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        }

        return new OpenApiSchemaReference(id, document);
    }

    private static readonly OpenApiHeader RetryAfter = new()
    {
        Description = "Seconds to wait before retrying.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
    };

    private static bool CallsTheCluster(MethodInfo handler) =>
        handler.GetParameters().Any(p => p.ParameterType.Namespace == typeof(Services.UsersService).Namespace);

    private static OpenApiResponse Problem(IOpenApiSchema schema, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { [ProblemJsonWriter.ContentType] = new() { Schema = schema } },
    };

    private static string Describe(string status) => status switch
    {
        "200" => "OK",
        "201" => "Created; Location names the new resource.",
        "202" => "Accepted; Location names the resource to follow.",
        "400" => "A parameter or a field of the body breaks its rule; 'errors' names each.",
        "404" => "No such resource (or one the caller may not see).",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(int.Parse(status)),
    };
}
