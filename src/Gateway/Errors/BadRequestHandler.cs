using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Shop.Gateway.Errors;

/// <summary>
/// Bodies the framework cannot read (malformed JSON, wrong types, bodies over the size limit) are the
/// client's mistake: answer with the framework's own status (400, 413, ...) and say where it went wrong.
/// </summary>
public sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        context.Response.StatusCode = bad.StatusCode;
        var json = FindJsonError(bad);
        if (json is null && UnboundParameter(bad) is { } parameter)
        {
            // A query or route value that is not of its parameter's type: a validation problem
            // naming the parameter, like the endpoints' own checks.
            await new ValidationErrors().Add(parameter, $"The value of '{parameter}' is missing or not of its type.").ToResult().ExecuteAsync(context);
            return true;
        }

        var detail = json is not null
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

    /// <summary>
    /// The parameter a binding failure names. The framework says it only in its message
    /// ('Failed to bind parameter "int? limit" from "abc".', 'Required parameter "Guid id" was not
    /// provided from ...'); a test pins the form, so a change of wording shows there.
    /// </summary>
    private static string? UnboundParameter(BadHttpRequestException bad) =>
        BindingFailure().Match(bad.Message) is { Success: true } match ? match.Groups["name"].Value : null;

    [System.Text.RegularExpressions.GeneratedRegex("""^(?:Failed to bind|Required) parameter "[^"]*?(?<name>[A-Za-z_][A-Za-z0-9_]*)" """)]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();

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
