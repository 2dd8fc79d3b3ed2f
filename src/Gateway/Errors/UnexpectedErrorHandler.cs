using Microsoft.AspNetCore.Diagnostics;

namespace Shop.Gateway.Errors;

/// <summary>
/// Last resort: a bug is a 500 problem with a trace id to quote, and nothing of the exception
/// (type, message, stack) reaches the client in any environment; the log has it all.
/// </summary>
public sealed class UnexpectedErrorHandler(IProblemDetailsService problems, ILogger<UnexpectedErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        logger.LogError(exception, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Detail = "Something went wrong on our side. Quote the traceId when reporting it.",
            },
        });
    }
}
