using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Shop.Gateway.Errors;

/// <summary>
/// A problem answer (RFC 9457) whose status is part of its type. An endpoint that returns it in its
/// <c>Results&lt;...&gt;</c> union documents that status in the OpenAPI document by itself; the
/// framework's <c>TypedResults.Problem</c> cannot, since its status is a value. Written by the
/// framework's problem writer, so title and traceId are the same as on every other problem.
/// </summary>
public abstract class ProblemAnswer(int status, string detail, string? type = null) : IResult, IStatusCodeHttpResult
{
    public int StatusCode => status;

    int? IStatusCodeHttpResult.StatusCode => status;

    public string Detail => detail;

    public virtual Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Problem(detail, statusCode: status, type: type).ExecuteAsync(httpContext);

    /// <summary>The OpenAPI side: this status, with a problem body.</summary>
    protected static void Describe(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJsonWriter.ContentType]));
}

/// <summary>404: no such resource, or one the caller may not know exists.</summary>
public sealed class NotFoundProblem(string detail) : ProblemAnswer(StatusCodes.Status404NotFound, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound);
}

/// <summary>409: the request is valid but the resource's current state does not allow it.</summary>
public sealed class ConflictProblem(string detail) : ProblemAnswer(StatusCodes.Status409Conflict, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}

/// <summary>
/// 422: well-formed, but cannot be processed as asked (an Idempotency-Key reused for another body, an
/// order past a hoarding limit). A <paramref name="type"/> tells such refusals apart for clients.
/// </summary>
public sealed class UnprocessableProblem(string detail, string? type = null)
    : ProblemAnswer(StatusCodes.Status422UnprocessableEntity, detail, type), IEndpointMetadataProvider
{
    /// <summary>The order would take the user past a hoarding limit within 24 hours; waiting a little does not help.</summary>
    public const string OrderLimitType = "urn:orleans-shop:problem:order-limit";

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status422UnprocessableEntity);
}

/// <summary>401 from a handler (wrong credentials); the bearer handler's own 401s are documented per route.</summary>
public sealed class UnauthorizedProblem(string detail) : ProblemAnswer(StatusCodes.Status401Unauthorized, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status401Unauthorized);
}

/// <summary>429 with Retry-After in whole seconds (at least 1).</summary>
public sealed class TooManyRequestsProblem(TimeSpan retryAfter, string detail)
    : ProblemAnswer(StatusCodes.Status429TooManyRequests, detail), IEndpointMetadataProvider
{
    public TimeSpan RetryAfter => retryAfter;

    public override Task ExecuteAsync(HttpContext httpContext)
    {
        RetryAfterHeader.Set(httpContext.Response, retryAfter);
        return base.ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status429TooManyRequests);
}

/// <summary>
/// 503 for a write whose outcome the gateway does not know: the call may have reached the cluster
/// before it timed out or its connection broke, so the change may have happened. Its own problem
/// type, the Location of the resource the write changes (to look at it before writing again), and
/// Retry-After. A placement says to retry with the same Idempotency-Key (which answers the same
/// order); a write that is not idempotent (a restock) says to look first; a password change, whose
/// effect is that every session ends, points at the caller's profile, which its token no longer reads.
/// </summary>
public sealed class OutcomeUnknownProblem(string location, TimeSpan retryAfter, string detail)
    : ProblemAnswer(StatusCodes.Status503ServiceUnavailable, detail), IEndpointMetadataProvider
{
    public const string Type = "urn:orleans-shop:problem:outcome-unknown";

    public string Location => location;

    public static OutcomeUnknownProblem Placement(string location, TimeSpan retryAfter) => Of(location, retryAfter, "placed this order",
        "Look it up at its Location, or retry with the same Idempotency-Key: a retry answers the same order, never a second one.");

    public static OutcomeUnknownProblem Cancellation(string location, TimeSpan retryAfter) => Of(location, retryAfter, "cancelled this order",
        "Look it up at its Location: if it is not Cancelled yet, cancel it again.");

    public static OutcomeUnknownProblem Restock(string location, TimeSpan retryAfter) => Of(location, retryAfter, "restocked this product",
        "Look at its stock at its Location before restocking again: a repeated restock adds the quantity a second time.");

    public static OutcomeUnknownProblem PasswordChange(string location, TimeSpan retryAfter) => Of(location, retryAfter, "changed the password",
        "A change ends every session: if this access token is refused at the Location, sign in with the new password; if it is not, change it again.");

    private static OutcomeUnknownProblem Of(string location, TimeSpan retryAfter, string change, string whatToDo) =>
        new(location, retryAfter, $"The shop did not answer in time and may or may not have {change}. {whatToDo}");

    public override Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.Location = location;
        RetryAfterHeader.Set(httpContext.Response, retryAfter);
        return TypedResults.Problem(Detail, statusCode: StatusCode, type: Type,
            extensions: new Dictionary<string, object?> { ["location"] = location }).ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status503ServiceUnavailable);
}

