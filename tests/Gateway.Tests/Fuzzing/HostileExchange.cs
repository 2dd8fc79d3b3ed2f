using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>Sends one <see cref="HostileRequest"/> as it is, and judges the answer against the property.</summary>
public static class HostileExchange
{
    /// <summary>Longer than the longest legitimate answer (the 5 s long poll), far shorter than a hang.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public sealed record Outcome(int Status, string? Failure, TimeSpan Took);

    public static async Task<Outcome> Send(HttpClient client, HostileRequest request)
    {
        using var message = ToMessage(request);
        using var cancel = new CancellationTokenSource(Timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await client.SendAsync(message, cancel.Token);
            var body = await response.Content.ReadAsByteArrayAsync(cancel.Token);
            return new Outcome((int)response.StatusCode, Judge(request, response, body), clock.Elapsed);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return new Outcome(0, $"no answer within {Timeout.TotalSeconds} s (a hang)", clock.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            // The test server rethrows what the pipeline let escape: the client would have seen a reset.
            return new Outcome(0, $"no answer: {e.GetType().Name}: {e.Message}", clock.Elapsed);
        }
    }

    public static string? Judge(HostileRequest request, HttpResponseMessage response, byte[] body) =>
        Judge(request, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, emptyErrorsAllowed: false);

    /// <summary>
    /// Null when the answer keeps the property: never a 5xx, a 4xx where the request is invalid, every 4xx a
    /// problem whose status is the answer's. Kestrel's own refusals of malformed HTTP (before the gateway
    /// runs) have no body at all; <paramref name="emptyErrorsAllowed"/> accepts those.
    /// </summary>
    public static string? Judge(HostileRequest request, int status, string? contentType, byte[] body, bool emptyErrorsAllowed)
    {
        var shown = $"{status} {contentType} {Preview(body)}";
        if (status >= 500)
        {
            return $"a server error: {shown}";
        }

        if (request.Expect == Expectation.Rejected && status is < 400 or >= 500)
        {
            return $"accepted an invalid request ({request.Why}): {shown}";
        }

        if (status is < 400 or >= 500)
        {
            return null;
        }

        if (emptyErrorsAllowed && body.Length == 0)
        {
            return null;
        }

        if (contentType?.Split(';')[0].Trim() != "application/problem+json")
        {
            return $"a {status} that is not problem details: {shown}";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("status", out var s) && s.TryGetInt32(out var value) && value == status
                ? null
                : $"a problem whose status is not {status}: {shown}";
        }
        catch (JsonException)
        {
            return $"a problem that is not JSON: {shown}";
        }
    }

    private static HttpRequestMessage ToMessage(HostileRequest request)
    {
        var message = new HttpRequestMessage(request.Method, request.PathAndQuery);
        if (request.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        }

        if (request.Body is not null || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(request.Body ?? []);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }

            if (request.DeclaredLength is { } declared)
            {
                message.Content.Headers.ContentLength = declared;
            }
        }

        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                // Content headers (Content-Encoding) belong to the body, which a request may not have.
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    private static string Preview(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return text.Length <= 300 ? text : text[..300] + "...";
    }
}
