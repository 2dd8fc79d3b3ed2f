using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Shop.Gateway.Resilience;

namespace Shop.Gateway.Errors;

/// <summary>
/// A back end that cannot answer is a 503 with Retry-After for the client to come back, never a 500
/// and never a hang: the request was fine, the back end was not.
/// </summary>
public sealed class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (retryAfter, what) = exception switch
        {
            ServiceUnavailableException unavailable => (unavailable.RetryAfter, $"The {ClusterCalls.PartName(unavailable.Service)} service"),
            TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException =>
                (DefaultRetryAfter, "The shop's back end"),
            _ => (TimeSpan.Zero, null),
        };
        if (what is null)
        {
            return false;
        }

        logger.LogWarning("{What} is unavailable for {Method} {Path}: {Reason}", what, context.Request.Method, context.Request.Path,
            exception.InnerException?.Message ?? exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = $"{what} is not available right now. Retry later.",
            },
        });
    }
}
