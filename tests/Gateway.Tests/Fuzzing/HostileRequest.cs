using System.Text;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>What the gateway must answer to a generated request.</summary>
public enum Expectation
{
    /// <summary>Known to be invalid (its <see cref="HostileRequest.Why"/> says why): a 4xx problem, and nothing changes.</summary>
    Rejected,

    /// <summary>A read that may happen to be valid: anything but a 5xx; a read changes nothing either way.</summary>
    ReadOnly,
}

/// <summary>
/// One generated request, as bytes and strings the way an attacker would send them: the path and query
/// already percent-encoded, the body as raw bytes (possibly not UTF-8, possibly not JSON), headers unchecked.
/// </summary>
public sealed record HostileRequest(string Route, HttpMethod Method, string PathAndQuery, Expectation Expect, string Why)
{
    /// <summary>The Authorization header as sent (a caller's "Bearer ..." or garbage); null sends none.</summary>
    public string? Authorization { get; init; }

    /// <summary>The body's bytes; null sends no body at all.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The Content-Type header as sent (unchecked); null sends none.</summary>
    public string? ContentType { get; init; }

    /// <summary>A Content-Length that differs from the body's length; null declares the real one.</summary>
    public long? DeclaredLength { get; init; }

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];

    /// <summary>What was done to the request besides its <see cref="Why"/> (header noise), for the failure report.</summary>
    public IReadOnlyList<string> Noise { get; init; } = [];

    public override string ToString()
    {
        var text = new StringBuilder()
            .Append($"[{Expect}] {Method} {Shorten(PathAndQuery, 200)}  ({Route}; {Why})");
        if (Noise.Count > 0)
        {
            text.Append($"\n  noise: {string.Join(", ", Noise)}");
        }

        text.Append($"\n  authorization: {(Authorization is null ? "none" : Shorten(Authorization, 60))}");
        foreach (var (name, value) in Headers.Take(5))
        {
            text.Append($"\n  {name}: {Shorten(value, 80)}");
        }

        if (Headers.Count > 5)
        {
            text.Append($"\n  ... {Headers.Count - 5} more headers");
        }

        if (ContentType is not null)
        {
            text.Append($"\n  content-type: {Shorten(ContentType, 120)}");
        }

        if (DeclaredLength is { } declared)
        {
            text.Append($"\n  content-length (declared): {declared}");
        }

        if (Body is not null)
        {
            text.Append($"\n  body ({Body.Length} bytes): {Shorten(Printable(Body), 400)}");
        }

        return text.ToString();
    }

    private static string Shorten(string value, int max) => value.Length <= max ? value : $"{value[..max]}... ({value.Length} chars)";

    /// <summary>The body as text with control characters and bytes that are not UTF-8 made visible.</summary>
    private static string Printable(byte[] body)
    {
        var text = new UTF8Encoding(false, false).GetString(body);
        var printable = new StringBuilder(Math.Min(text.Length, 1000));
        foreach (var c in text.Take(1000))
        {
            printable.Append(char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return printable.ToString();
    }
}
