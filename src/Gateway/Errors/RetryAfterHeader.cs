namespace Shop.Gateway.Errors;

/// <summary>
/// The Retry-After header in whole seconds (RFC 9110 §10.2.3), rounded up and at least 1: a "0"
/// invites the client to come back at once into the same refusal.
/// </summary>
public static class RetryAfterHeader
{
    public static void Set(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
