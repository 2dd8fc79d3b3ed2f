using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>Authorization headers that authenticate nobody, odd headers that mean nothing, Content-Types that are not JSON.</summary>
public static class HostileHeaders
{
    /// <summary>Authorization values (null: none) that no route accepts as a caller.</summary>
    public static Gen<(string? Header, string Why)> NoCaller(FuzzWorld world) => Gen.OneOf<(string?, string)>(
        (null, "no Authorization"),
        ("Bearer", "Bearer without a token"),
        ("Bearer ", "Bearer without a token"),
        ("Bearer x", "garbage token"),
        ("Bearer a.b.c", "garbage token"),
        ("Bearer ....", "garbage token"),
        ("Bearer " + new string('A', 9000), "huge garbage token"),
        ("Bearer \u00E9\u00E8\u202E", "non-ASCII token"),
        ("Basic YWRtaW5AdGVzdC5sb2NhbDphZG1pbi10ZXN0LXBhc3N3b3Jk", "Basic credentials"),
        ("Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==", "Negotiate"),
        ("Digest username=\"admin\", realm=\"x\"", "Digest"),
        (world.UserToken, "token without a scheme"),
        ($"Bearer {world.UserToken}, Bearer {world.UserToken}", "two tokens"),
        ($"Bearer {world.UserToken}x", "token with a changed signature"),
        ($"Bearer {world.UserToken[..^3]}", "token with a cut signature"),
        ($"Bearer {TokenForge.Tampered(world.UserToken)}", "tampered token (promoted to admin)"),
        ($"Bearer {TokenForge.Unsigned(world.UserId)}", "alg:none token"),
        ($"Bearer {TokenForge.Create(TokenForge.OtherKey(world.SigningKey), world.UserId, role: "admin")}", "token signed with another key"),
        ($"Bearer {TokenForge.Create(world.SigningKey, world.UserId, expires: DateTime.UtcNow.AddHours(-1))}", "expired token"),
        ($"Bearer {TokenForge.Create(world.SigningKey, world.UserId, audience: "someone-else")}", "token for another audience"),
        ($"Bearer {TokenForge.Create(world.SigningKey, world.UserId, issuer: "evil")}", "token from another issuer"));

    /// <summary>Authorization values for routes anyone may call: the caller does not matter there.</summary>
    public static Gen<string?> AnyCaller(FuzzWorld world) => Gen.Frequency(
        (6, Gen.Const((string?)null)),
        (1, Gen.Const<string?>(world.UserBearer)),
        (2, NoCaller(world).Select(a => a.Header)));

    /// <summary>Content-Types that are not JSON (null: none), so a JSON endpoint must refuse the body.</summary>
    public static readonly Gen<(string? Header, string Why)> NotJson = Gen.OneOf<(string?, string)>(
        (null, "no Content-Type"), ("", "empty Content-Type"), ("text/plain", "text/plain"), ("application/xml", "XML"),
        ("application/x-www-form-urlencoded", "form"), ("multipart/form-data; boundary=----x", "multipart"),
        ("application/octet-stream", "octet-stream"), ("image/png", "image"), ("garbage", "garbage Content-Type"),
        (";;;", "garbage Content-Type"), ("application/", "garbage Content-Type"), ("/json", "garbage Content-Type"),
        ("application/jsonp", "not JSON"), ("text/html; charset=utf-8", "HTML"), ("\u00E4pplication/json", "non-ASCII Content-Type"));

    /// <summary>Content-Types that are (or may be) JSON: they cannot heal a body that is otherwise refused.</summary>
    public static readonly Gen<string> MaybeJson = Gen.OneOf(
        "application/json", "APPLICATION/JSON", "application/json; charset=utf-8", "application/json;charset=\"UTF-8\"",
        "application/vnd.shop+json", "application/problem+json", "text/json", "application/json; foo=bar; foo=baz",
        "application/json, text/plain", "application/json+", "application/json; q=0.1", "application/json ;");

    /// <summary>Headers that mean nothing to the API (no Authorization): zero to three of them per request.</summary>
    public static Gen<(List<(string Name, string Value)> Headers, List<string> Noise)> Noise() =>
        JsonBodies.Sequence(Enumerable.Repeat(OneNoise, 3)).Select(parts =>
        {
            var present = parts.Where(p => p is not null).Select(p => p!.Value).ToList();
            return (present.SelectMany(p => p.Headers).ToList(), present.Select(p => p.What).ToList());
        });

    private static readonly Gen<(List<(string Name, string Value)> Headers, string What)?> OneNoise = Gen.Frequency(
        (8, Gen.Const(((List<(string, string)>, string)?)null)),
        (1, Gen.OneOf("application/xml", "text/html", "image/png", "text/plain;q=1, application/json;q=0", "*/*;q=abc", ";;;",
                "application/json;q=0", "application/problem+json;q=0, */*;q=0", "\u00FCml/x", "", new string('a', 5000))
            .Select(v => Some([("Accept", v)], $"Accept: {Short(v)}"))),
        (1, Gen.Int[50, 300].Select(n => Some([.. Enumerable.Range(0, n).Select(i => ($"X-Fuzz-{i}", $"value-{i}"))], $"{n} extra headers"))),
        (1, Gen.Int[8_000, 60_000].Select(n => Some([("X-Fuzz-Huge", new string('h', n))], $"a {n}-character header"))),
        (1, Gen.OneOf("\u00E9\u2713\u202E", "\0\u0001\u007F", "\uFFFD\uD83D\uDE00", "\u0130stanbul", "a\u00A0b")
            .Select(v => Some([("X-Fuzz", v), ("Accept-Language", v), ("User-Agent", v)], "non-ASCII header values"))),
        (1, Gen.OneOf("1.2.3.4, ::1, <script>", "999.999.999.999", "unknown", "::ffff:127.0.0.1", new string('9', 3000), "")
            .Select(v => Some([("X-Forwarded-For", v), ("X-Real-IP", v), ("Forwarded", $"for={v}")], "forwarding headers"))),
        (1, Gen.OneOf("gzip", "br", "deflate, gzip", "identity;q=0", "x-unknown")
            .Select(v => Some([("Content-Encoding", v)], $"Content-Encoding: {v} (body not encoded)"))),
        (1, Gen.OneOf(
                ("Expect", "100-continue"), ("Cookie", "session=' OR 1=1; a=\u0000"), ("Range", "bytes=0-1,-5"),
                ("X-HTTP-Method-Override", "DELETE"), ("Origin", "null"), ("If-None-Match", "*"), ("Idempotency-Key", new string('k', 500)),
                ("Idempotency-Key", "\u00E9\u202E"), ("X-Shop-Degraded", "users"), ("Traceparent", "00-zz-zz-zz"))
            .Select(h => Some([h], $"{h.Item1}: {Short(h.Item2)}"))));

    private static (List<(string, string)>, string)? Some(List<(string, string)> headers, string what) => (headers, what);

    private static string Short(string value) => value.Length <= 40 ? value : $"{value[..20]}...({value.Length} chars)";
}
