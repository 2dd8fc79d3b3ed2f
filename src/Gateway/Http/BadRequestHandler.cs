using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Shop.Gateway.Http;

/// <summary>
/// Bodies the framework cannot read (malformed JSON, wrong types, bodies over the size limit) are the
/// client's mistake: answer with the framework's own status (400, 413, ...) and say where it went wrong.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        context.Response.StatusCode = bad.StatusCode;
        var detail = FindJsonError(bad) is { } json
            ? $"The body is not valid JSON for this request (at {json.Path ?? "$"})."
            : bad.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                StatusCodes.Status415UnsupportedMediaType => "The body must be JSON (Content-Type application/json) in UTF-8 or a charset .NET knows.",
                _ => "The request could not be read.",
            };
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = bad.StatusCode, Detail = detail },
        });
    }

    private static JsonException? FindJsonError(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JsonException json)
            {
                return json;
            }
        }

        return null;
    }
}
