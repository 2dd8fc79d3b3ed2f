using System.Text;
using Microsoft.Net.Http.Headers;

namespace Shop.Gateway.Pipeline;

/// <summary>
/// The charset of a request's Content-Type, settled before anyone reads the body. The framework's JSON
/// reader throws an InvalidOperationException (a 500) for a charset .NET does not know or refuses
/// (charset=, charset="", utf-7, ibm037, klingon), and also for a quoted one (charset="utf-8"), which
/// HTTP says is the same as the unquoted name. So an unknown charset is refused here with 415, and a
/// quoted known one is unquoted for the reader.
/// </summary>
public static class RequestCharset
{
    public static IApplicationBuilder UseRequestCharsetCheck(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.Charset.HasValue)
        {
            var charset = HeaderUtilities.RemoveQuotes(type.Charset).Value ?? "";
            if (!IsKnown(charset))
            {
                throw new BadHttpRequestException($"The charset '{type.Charset}' is not supported; send UTF-8.", StatusCodes.Status415UnsupportedMediaType);
            }

            if (charset != type.Charset.Value)
            {
                type.Charset = charset;
                context.Request.ContentType = type.ToString();
            }
        }

        return next(context);
    });

    private static bool IsKnown(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: UTF-7, which .NET knows but has switched off.
            return false;
        }
    }
}
