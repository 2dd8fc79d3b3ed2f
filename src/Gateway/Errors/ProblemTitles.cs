using Microsoft.AspNetCore.WebUtilities;

namespace Shop.Gateway.Errors;

/// <summary>
/// One spelling for every problem's title: the phrase of its status code, as RFC 9457 (4.2.1) asks
/// of problems without a type of their own. The framework's answers (404 of an unknown route, 405)
/// and ours ("Not found" before) spelled the same status differently.
/// </summary>
public static class ProblemTitles
{
    public static void Apply(ProblemDetailsContext context)
    {
        var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
        if (ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase)
        {
            context.ProblemDetails.Title = phrase;
        }
    }
}
