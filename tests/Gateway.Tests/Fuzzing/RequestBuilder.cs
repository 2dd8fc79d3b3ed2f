using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>Puts generated parts together into requests, and adds the header noise every request may carry.</summary>
public static class RequestBuilder
{
    /// <summary>
    /// A JSON write refused because of its body: a poisoned field, a mangled shape, a Content-Type that is
    /// not JSON, or a size over the limit. Path and caller are ones the route accepts.
    /// </summary>
    public static Gen<HostileRequest> BadBody(string route, HttpMethod method, Gen<string> path, string? authorization, BodyField[] fields) =>
        Gen.Frequency(
            (5, from poison in JsonBodies.FieldPoison(fields)
                from json in JsonBodies.Object(fields, poison)
                from encoded in JsonBodies.Encoded(json)
                from p in path
                select Json(route, method, p, authorization, encoded, poison.Why)),
            (3, from json in JsonBodies.Object(fields, null)
                from mangled in JsonBodies.Mangled(json)
                from encoded in JsonBodies.Encoded(mangled.Json)
                from p in path
                select Json(route, method, p, authorization, encoded, mangled.Why)),
            (1, from json in JsonBodies.Object(fields, null)
                from contentType in HostileHeaders.NotJson
                from p in path
                select new HostileRequest(route, method, p, Expectation.Rejected, $"Content-Type: {contentType.Why}")
                {
                    Authorization = authorization, Body = WireText.ToBytes(json), ContentType = contentType.Header,
                }),
            (1, from json in JsonBodies.Object(fields, null)
                from over in Gen.OneOf(Gen.Int[1, 2048], Gen.Int[64 * 1024, 1024 * 1024])
                from p in path
                select Json(route, method, p, authorization,
                    (JsonBodies.Padded(WireText.ToBytes(json), (int)Pipeline.RequestBodyLimit.MaxBytes + over), "application/json", "utf-8"),
                    $"body {over} bytes over 64 KiB")),
            (1, from json in JsonBodies.Object(fields, null)
                from declared in Gen.OneOf(Gen.Long[Pipeline.RequestBodyLimit.MaxBytes + 1, 10L * 1024 * 1024 * 1024])
                from p in path
                select Json(route, method, p, authorization, (WireText.ToBytes(json), "application/json", "utf-8"),
                    $"Content-Length declares {declared} bytes (over 64 KiB)") with { DeclaredLength = declared }));

    /// <summary>A JSON write whose body may be anything (valid or noisy) but which is refused for another reason: a poisoned path or caller.</summary>
    public static Gen<HostileRequest> BadElsewhere(string route, HttpMethod method, Gen<(string Path, string? Authorization, string Why)> poison, BodyField[] fields) =>
        from p in poison
        from json in JsonBodies.Object(fields, null)
        from encoded in JsonBodies.Encoded(json)
        from contentType in Gen.Frequency((6, Gen.Const(encoded.ContentType)), (1, HostileHeaders.MaybeJson))
        select Json(route, method, p.Path, p.Authorization, encoded with { ContentType = contentType }, p.Why);

    /// <summary>A well-formed JSON write, from any caller, that the route refuses by a rule of the shop (an e-mail taken, wrong credentials).</summary>
    public static Gen<HostileRequest> RefusedByRule(string route, HttpMethod method, string path, Gen<string?> callers, BodyField[] fields, string why) =>
        from authorization in callers
        from json in JsonBodies.Object(fields, null)
        select new HostileRequest(route, method, path, Expectation.Rejected, why)
        {
            Authorization = authorization, Body = WireText.ToBytes(json), ContentType = "application/json",
        };

    /// <summary>A request without a body (or with one the route ignores).</summary>
    public static HostileRequest NoBody(string route, HttpMethod method, string path, string? authorization, Expectation expect, string why) =>
        new(route, method, path, expect, why) { Authorization = authorization };

    /// <summary>Adds zero to three meaningless headers, and sometimes a hostile body the route ignores.</summary>
    public static Gen<HostileRequest> WithNoise(this Gen<HostileRequest> requests) =>
        from request in requests
        from noise in HostileHeaders.Noise()
        select request with { Headers = [.. request.Headers, .. noise.Headers], Noise = [.. request.Noise, .. noise.Noise] };

    private static HostileRequest Json(string route, HttpMethod method, string path, string? authorization,
        (byte[] Body, string ContentType, string Encoding) encoded, string why) =>
        new(route, method, path, Expectation.Rejected, why)
        {
            Authorization = authorization,
            Body = encoded.Body,
            ContentType = encoded.ContentType,
            Noise = encoded.Encoding == "utf-8" ? [] : [encoded.Encoding],
        };
}
