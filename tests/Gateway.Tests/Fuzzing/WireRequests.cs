using System.Text;
using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// A hostile request as the bytes sent on a socket, and whether the client half-closes after them
/// (abandoning a body it promised: the server owes such a client nothing, so a dropped connection is
/// fine there). <see cref="ProtocolStatus"/> is the answer HTTP itself prescribes and Kestrel gives
/// before the gateway runs (505 for an unknown HTTP version).
/// </summary>
public sealed record WireRequest(HostileRequest Request, byte[] Bytes, bool HalfClose, string Mutation, int? ProtocolStatus = null)
{
    public override string ToString() =>
        $"wire: {Mutation}{(HalfClose ? " (then half-closed)" : "")}\n  head: {Head()}\n  {Request}";

    private string Head()
    {
        var text = Encoding.Latin1.GetString(Bytes, 0, Math.Min(Bytes.Length, 600));
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? text : text[..end];
        return string.Concat(head.Select(c => c is '\r' ? "\\r" : c is '\n' ? "\\n" : char.IsControl(c) || c > '~' ? $"\\x{(int)c:X2}" : c.ToString()));
    }
}

/// <summary>
/// What only a real socket can send: Content-Length lies, chunked bodies, malformed heads. Each mutation
/// keeps the request as invalid as it was: a shortened body is cut before its first '}' (so no object,
/// and no poison cut away, survives), a longer declared length ends in EOF.
/// </summary>
public static class WireRequests
{
    public static Gen<WireRequest> From(Gen<HostileRequest> requests, string host) =>
        from request in requests
        from mutation in Mutations(request)
        select Build(request, host, mutation);

    private sealed record Mutation(string What, Func<string, string>? Head = null, Func<byte[], (string Framing, byte[] Body)>? Body = null,
        bool HalfClose = false, int? ProtocolStatus = null);

    private static Gen<Mutation> Mutations(HostileRequest request)
    {
        var body = request.Body ?? [];
        var firstClose = Array.IndexOf(body, (byte)'}');
        var cut = firstClose < 0 ? body.Length : firstClose;
        // A request refused only for the length it declares keeps that Content-Length: other framing would heal it.
        var reframe = request.DeclaredLength is null ? 1 : 0;
        return Gen.Frequency([.. new (int, IGen<Mutation>)[]
        {
            (4, Gen.Const(new Mutation("as is"))),
            (2 * reframe, cut == 0
                ? Gen.Const(new Mutation("as is"))
                : Gen.Int[0, cut - 1].Select(n => new Mutation($"Content-Length {n} of {body.Length} bytes",
                    Body: b => ($"Content-Length: {n}\r\n", b)))),
            (1 * reframe, Gen.Int[1, 5000].Select(extra => new Mutation($"Content-Length {extra} bytes more than sent, then EOF",
                Body: b => ($"Content-Length: {b.Length + extra}\r\n", b), HalfClose: true))),
            (2 * reframe, Gen.Int[1, 4096].Select(size => new Mutation($"chunked in {size}-byte chunks", Body: b => ("Transfer-Encoding: chunked\r\n", Chunked(b, size))))),
            (1 * reframe, Gen.OneOf(
                new Mutation("a chunk size that is not hex", Body: b => ("Transfer-Encoding: chunked\r\n", [.. Ascii("zz\r\n"), .. b, .. Ascii("\r\n0\r\n\r\n")])),
                new Mutation("chunked without the last chunk, then EOF", Body: b => ("Transfer-Encoding: chunked\r\n", Chunked(b, 64)[..^5]), HalfClose: true),
                new Mutation("a chunk larger than sent, then EOF", Body: b => ("Transfer-Encoding: chunked\r\n", [.. Ascii($"{b.Length + 100:x}\r\n"), .. b]), HalfClose: true),
                new Mutation("Content-Length and chunked", Body: b => ($"Content-Length: {b.Length}\r\nTransfer-Encoding: chunked\r\n", Chunked(b, 100))),
                new Mutation("two Content-Lengths", Body: b => ($"Content-Length: {b.Length}\r\nContent-Length: {b.Length + 1}\r\n", b)),
                new Mutation("Content-Length not a number", Body: b => ("Content-Length: 12abc\r\n", b)),
                new Mutation("Content-Length negative", Body: b => ("Content-Length: -1\r\n", b)))),
            (2, Gen.OneOf(
                new Mutation("a NUL in a header", Head: h => h + "X-Fuzz: a\0b\r\n"),
                new Mutation("raw non-ASCII bytes in a header", Head: h => h + "X-Fuzz: \u00E9\u00FF\r\n"),
                new Mutation("an obs-fold header line", Head: h => h + "X-Fuzz: a\r\n folded\r\n"),
                new Mutation("a header line without a colon", Head: h => h + "NoColonHere\r\n"),
                new Mutation("a space in a header name", Head: h => h + "X Fuzz: a\r\n"),
                new Mutation("a header name of non-token bytes", Head: h => h + "X-F(u)zz{}: a\r\n"),
                new Mutation("a bare CR in a header", Head: h => h + "X-Fuzz: a\rb\r\n"),
                new Mutation("a 40 KiB header", Head: h => h + $"X-Fuzz: {new string('h', 40 * 1024)}\r\n"),
                new Mutation("150 headers", Head: h => h + string.Concat(Enumerable.Range(0, 150).Select(i => $"X-Fuzz-{i}: {i}\r\n"))),
                new Mutation("a second Host", Head: h => h + "Host: evil.example\r\n"),
                new Mutation("a Host of garbage", Head: h => h.Replace("Host: ", "Host: [::1]:x@evil/") ))),
            (1, Gen.OneOf(
                new Mutation("HTTP/1.0", Head: h => h.Replace(" HTTP/1.1\r\n", " HTTP/1.0\r\n")),
                new Mutation("HTTP/1.1 without Host", Head: h => string.Join("\r\n", h.Split("\r\n").Where(l => !l.StartsWith("Host:", StringComparison.Ordinal)))),
                new Mutation("HTTP/9.9", Head: h => h.Replace(" HTTP/1.1\r\n", " HTTP/9.9\r\n"), ProtocolStatus: StatusCodes505),
                new Mutation("a lower-case method", Head: h => h[..h.IndexOf(' ')].ToLowerInvariant() + h[h.IndexOf(' ')..]),
                new Mutation("an unknown method", Head: h => "BREW" + h[h.IndexOf(' ')..]),
                new Mutation("bare LF line endings", Head: h => h.Replace("\r\n", "\n")),
                new Mutation("an absolute-form target", Head: h => h.Insert(h.IndexOf(' ') + 1, "http://evil.example")),
                new Mutation("a request line of 10 KiB", Head: h => h.Insert(h.IndexOf(" HTTP/", StringComparison.Ordinal),
                    (h[..h.IndexOf('\r')].Contains('?') ? "&" : "?") + new string('q', 10 * 1024))),
                new Mutation("a tab in the request line", Head: h => h.Insert(h.IndexOf(' '), "\t")))),
        }.Where(m => m.Item1 > 0)]);
    }

    private static WireRequest Build(HostileRequest request, string host, Mutation mutation)
    {
        var head = new StringBuilder($"{request.Method.Method} {request.PathAndQuery} HTTP/1.1\r\nHost: {host}\r\n");
        if (request.Authorization is not null)
        {
            head.Append($"Authorization: {request.Authorization}\r\n");
        }

        if (request.ContentType is not null)
        {
            head.Append($"Content-Type: {request.ContentType}\r\n");
        }

        foreach (var (name, value) in request.Headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        var text = head.ToString();
        text = mutation.Head?.Invoke(text) ?? text;
        var body = request.Body ?? [];
        var (framing, sent) = mutation.Body?.Invoke(body)
            ?? (request.Body is null && request.DeclaredLength is null ? ("", body) : ($"Content-Length: {request.DeclaredLength ?? body.Length}\r\n", body));
        // Connection: close, so the answer ends where the connection does, and nothing after it is read as a second request.
        var bytes = (byte[])[.. Encoding.UTF8.GetBytes(text + framing + "Connection: close\r\n\r\n"), .. sent];
        return new WireRequest(request, bytes, mutation.HalfClose, mutation.What, mutation.ProtocolStatus);
    }

    /// <summary>505 HTTP Version Not Supported: RFC 9110's answer to a version the server does not speak.</summary>
    private const int StatusCodes505 = 505;

    private static byte[] Chunked(byte[] body, int size) =>
        [.. body.Chunk(size).SelectMany(c => (byte[])[.. Ascii($"{c.Length:x}\r\n"), .. c, .. Ascii("\r\n")]), .. Ascii("0\r\n\r\n")];

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
