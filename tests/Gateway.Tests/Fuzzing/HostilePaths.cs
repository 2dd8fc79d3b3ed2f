using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>Path segments and query values, percent-encoded as sent.</summary>
public static class HostilePaths
{
    /// <summary>
    /// Sku segments that are certainly not a sku, and that no client or server normalization can turn into
    /// one: no dots (no "." or ".." segments), no raw slashes, and no escapes of unreserved characters
    /// (which URI normalization may decode). Safe in write routes. No %00 either: Kestrel refuses a path
    /// holding NUL (400) before the gateway sees it, and the test host's client refuses to send one.
    /// </summary>
    public static readonly Gen<(string Segment, string Why)> NotASku = Gen.Frequency(
        (1, Gen.Int[65, 4000].Select(n => (new string('s', n), $"a {n}-character sku"))),
        (3, Gen.OneOf(
            "bad%20sku", "KB-001%20", "%20KB-001", "KB-001%0A", "%0AKB-001", "KB-001%0D%0A", "KB%2B001", "%E2%80%AEKB-001", "%EF%BC%AB%EF%BC%A2-001",
            "KB-001%0D%0AX-Injected:%201", "KB%3B001", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%27%20OR%201%3D1--", "%FF%FE", "%C0%AF",
            "KB%2A", "KB%40001", "%25", "KB%25001", "KB%E2%80%8B-001", "KB%2F001", "%2F", "%2F%2F", "KB%5C001", "%22%3E", "%7B%7D",
            "%F0%9F%99%82", "KB%7C001", "KB%09001", "KB%2C001", "KB%3D1", "%E2%80%A8", "%EF%BB%BF", "%ED%A0%80", "%2500", "KB%2523")
            .Select(s => (s, "not a sku"))));

    /// <summary>Sku segments of any kind, including ones that normalize into other routes: only for reads.</summary>
    public static readonly Gen<string> AnySkuSegment = Gen.Frequency(
        (3, NotASku.Select(s => s.Segment)),
        (1, Gen.OneOf("..", "%2E%2E", ".", "%2e", "KB-001%2F..%2F..", "KB-001/", "KB-001//", "KB-001;jsessionid=1", "KB-001%3Fx=1",
            "%", "%ZZ", "%u0041", "~", "KB-001~", "..%5C..%5C", "%252E%252E", "KB-001/restock", "%20", "+", "KB-001#frag")));

    /// <summary>Order id segments that are not GUIDs (the route's constraint refuses them: 404).</summary>
    public static readonly Gen<(string Segment, string Why)> NotAGuid = Gen.OneOf(Gen.OneOf(
        "abc", "1", "0", "-1", "00000000-0000-0000-0000-00000000000g", "00000000-0000-0000-0000-0000000000000",
        "00000000-0000-0000-0000-00000000000", "%7B00000000-0000-0000-0000-000000000000", "null", "undefined",
        "%27%20OR%201%3D1--", "%2F", "%F0%9F%99%82", "00000000%2D0000%2D0000%2D0000%2D000000000000x",
        "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "0x00000000000000000000000000000000")
        .Select(s => (s, "not a GUID")),
        Gen.Int[100, 5000].Select(n => (new string('f', n), $"a {n}-character id")));

    /// <summary>A GUID as a path segment, in any of the formats a GUID parser accepts.</summary>
    public static Gen<string> GuidFormats(Guid id) => Gen.OneOf(
        id.ToString("D"), id.ToString("N"), id.ToString("D").ToUpperInvariant(), Uri.EscapeDataString(id.ToString("B")),
        Uri.EscapeDataString(id.ToString("P")));

    /// <summary>Values for int query parameters that no int parser reads, or that are below 1 or above <paramref name="max"/>.</summary>
    public static Gen<(string Value, string Why)> BadPositiveInt(int max) => Gen.OneOf(Gen.OneOf(
            "0", "-1", "-0", (max + 1).ToString(), "1000", "2147483648", "-2147483649", "99999999999999999999")
        .Select(v => (v, $"outside 1..{max}")),
        Gen.OneOf("ten", "1.5", "1e2", "0x10", "%00", "%EF%BC%95", "NaN", "null", "%3Cscript%3E", "1%2C2", "true",
            "%27%20OR%201%3D1", "1_0", "%FF", "--1", "1-").Select(v => (v, "not an integer")));
}
