namespace Shop.Gateway.Http;

/// <summary>
/// The gateway's error answers, all RFC 9457 problem details (application/problem+json). Their
/// title is the status code's phrase ("Not Found"), set for every problem in one place
/// (<see cref="ProblemTitles"/>); the detail says what went wrong.
/// </summary>
internal static class Problems
{
    public static IResult Validation(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors);

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult Unprocessable(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity);

    /// <summary>429 with Retry-After in whole seconds (at least 1).</summary>
    public static IResult TooManyRequests(TimeSpan retryAfter, string detail) => new RetryAfterResult(
        TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests), retryAfter);

    public static IResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized);

    private sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
            return inner.ExecuteAsync(httpContext);
        }
    }
}
