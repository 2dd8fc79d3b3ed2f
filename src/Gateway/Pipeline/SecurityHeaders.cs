namespace Shop.Gateway.Pipeline;

/// <summary>
/// Headers that keep browsers from doing anything clever with API answers (OWASP API8, security
/// misconfiguration): no content sniffing, no framing, no referrer, and a content security policy
/// that allows nothing (the answers are JSON; only the Development-only API reference page under
/// /scalar runs scripts), and no caching unless the answer says otherwise. Kestrel's "Server" banner
/// is switched off in Program.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // When the answer starts, not now: the exception handler clears the headers of an answer
        // it replaces with problem details.
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            // Profiles, orders and tokens must not be kept by a browser or a shared cache; an answer
            // that says how it may be cached (the API reference's scripts) keeps its own rule.
            if (string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }
            if (!context.Request.Path.StartsWithSegments("/scalar"))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
