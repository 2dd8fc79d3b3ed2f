using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Shop.Gateway.Errors;

/// <summary>
/// Writes problem details whatever the request's Accept header says. The framework's writer declines
/// when Accept names no JSON type ("text/html", "application/xml"), and then an error had no body
/// (the exception handler turned a 400 into an empty 500) or a text/plain one (status code pages).
/// This API answers only JSON, so an error is always application/problem+json (RFC 9110 allows an
/// answer the client did not ask for). Registered after the framework's writer, it only writes what
/// that one declines.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var problem = context.ProblemDetails;
        problem.Status ??= response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        // As its own type: a validation problem's "errors" are not part of ProblemDetails.
        return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), jsonOptions.Value.SerializerOptions, ContentType,
            context.HttpContext.RequestAborted));
    }
}
