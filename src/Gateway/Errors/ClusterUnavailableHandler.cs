using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Shop.Gateway.Resilience;
using Shop.Hosting;

namespace Shop.Gateway.Errors;

/// <summary>
/// A back end that cannot answer is a 503 with Retry-After for the client to come back, never a 500
/// and never a hang: the request was fine, the back end was not. A service at the gateway's
/// concurrency limit answers the same status with a problem type of its own: nothing was sent, so
/// the client may simply retry after Retry-After.
/// </summary>
public sealed class ClusterUnavailableHandler(IProblemDetailsService problems, ILogger<ClusterUnavailableHandler> logger) : IExceptionHandler
{
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public const string OverloadedType = "urn:orleans-shop:problem:overloaded";

    // An outage or a flood refuses thousands of requests a second: one line a second says so.
    private readonly LogSampler _log = new(TimeSpan.FromSeconds(1));

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

        var overloaded = exception is ServiceUnavailableException { Overloaded: true };
        if (_log.ShouldLog(out var heldBack))
        {
            logger.LogWarning("{What} is {State} for {Method} {Path}: {Reason} ({HeldBack} more 503 answers since the last line)", what,
                overloaded ? "at capacity" : "unavailable", context.Request.Method, context.Request.Path,
                exception.InnerException?.Message ?? exception.Message, heldBack);
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        RetryAfterHeader.Set(context.Response, retryAfter);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = overloaded ? OverloadedType : null,
                Detail = overloaded
                    ? $"{what} is at capacity and did not take this request. Retry after the Retry-After delay."
                    : $"{what} is not available right now. Retry later.",
            },
        });
    }
}
