using CsCheck;
using Shop.Gateway.Endpoints;
using Shop.Orders;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>Hostile orders, order lists, order reads and cancellations.</summary>
public static class OrderRequests
{
    /// <summary>Strings that break the sku rule (1-64 of [A-Za-z0-9._-]), as JSON.</summary>
    private static readonly Gen<(string, string)> NotASku = Gen.OneOf(
            "", "bad sku!", "KB 001", "KB/001", "\u00C5", "KB-001\u0000", "KB-001\n", "\nKB-001", "KB-001\r\n", "<script>", "KB-001 ",
            "\u212AB-001", "\uFF2BB-001", "KB\u2011001", new string('s', 65))
        .Select(v => (HostileJson.Escaped(v), "not a sku"));

    private static BodyField Sku(FuzzWorld world) => new(
        "sku",
        Gen.Frequency((3, Gen.OneOf([.. world.Skus])), (1, Gen.Int[0, 999].Select(n => $"FZ-NOPE-{n}"))).Select(HostileJson.Escaped),
        Gen.Frequency((3, HostileJson.TextValue), (1, HostileJson.LoneSurrogate)),
        Gen.Frequency((2, NotASku), (2, HostileJson.UnreadableString), (1, Gen.Const(("null", "null")))),
        Required: true);

    private static readonly BodyField Quantity = BodyField.RequiredInt("quantity", OrderRules.MinQuantity, OrderRules.MaxQuantity);

    private static Gen<string> Line(BodyField[] line) => JsonBodies.Object(line, null);

    private static Gen<string> Lines(Gen<string> line, int min, int max) =>
        Gen.Int[min, max].SelectMany(n => JsonBodies.Sequence(Enumerable.Repeat(line, n))).Select(l => "[" + string.Join(",", l) + "]");

    /// <summary>An items array that is refused whatever its other lines are.</summary>
    private static Gen<(string, string)> BadItems(FuzzWorld world)
    {
        BodyField[] line = [Sku(world), Quantity];
        var badLine = Gen.Frequency(
            (1, Gen.OneOf("null", "[]", "\"KB-001\"", "1", "true", "[{\"sku\":\"KB-001\",\"quantity\":1}]").Select(v => (v, "a line that is not an object"))),
            (4, JsonBodies.FieldPoison(line).SelectMany(p => JsonBodies.Object(line, p).Select(v => (v, $"a line's {p.Why}")))),
            (1, Gen.OneOf([.. world.Skus]).Select(s => ($"{{\"sku\":\"{s}\",\"quantity\":1}},{{\"sku\":\"\\u{(int)s[0]:x4}{s[1..]}\",\"quantity\":2}}",
                "the same sku on two lines"))));
        return Gen.Frequency(
            (1, Gen.OneOf("[]", "null", "\"none\"", "{}", "1", "true", "{\"sku\":\"KB-001\",\"quantity\":1}", "[[]]").Select(v => (v, "no lines or not an array"))),
            (1, Gen.Int[OrderRules.MaxLines + 1, 3 * OrderRules.MaxLines].Select(n =>
                ("[" + string.Join(",", Enumerable.Range(0, n).Select(i => $"{{\"sku\":\"FZ-L{i}\",\"quantity\":1}}")) + "]", $"{n} lines"))),
            (4, from before in Lines(Line(line), 0, 2)
                from bad in badLine
                from after in Lines(Line(line), 0, 2)
                select ($"[{Inner(before)}{(Inner(before).Length > 0 ? "," : "")}{bad.Item1}{(Inner(after).Length > 0 ? "," : "")}{Inner(after)}]", bad.Item2)),
            (1, HostileJson.DepthBomb.Select(v => ("[" + v + "]", "nested deeper than 64"))));
    }

    private static string Inner(string array) => array[1..^1];

    private static BodyField Items(FuzzWorld world)
    {
        BodyField[] line = [Sku(world), Quantity];
        return new BodyField("items", Lines(Line(line), 1, 3), Gen.OneOf(HostileJson.AnyValue, Lines(Line(line), 0, 60)), BadItems(world), Required: true);
    }

    public static Gen<HostileRequest> Place(FuzzWorld world)
    {
        const string route = "POST /api/orders";
        BodyField[] fields = [Items(world)];
        var longKey = Gen.Int[OrderRules.MaxIdempotencyKeyLength + 1, 5000].SelectMany(n => Gen.OneOf(new string('k', n), string.Concat(Enumerable.Repeat("\u00E9\u202E", n))));
        return Gen.Frequency(
            (6, RequestBuilder.BadBody(route, HttpMethod.Post, Gen.Const("/api/orders"), world.UserBearer, fields)),
            (2, RequestBuilder.BadElsewhere(route, HttpMethod.Post, HostileHeaders.NoCaller(world).Select(a => ("/api/orders", a.Header, a.Why)), fields)),
            (1, from request in RequestBuilder.BadElsewhere(route, HttpMethod.Post,
                    Gen.Const(("/api/orders", (string?)world.UserBearer, "an Idempotency-Key over 128 characters")), fields)
                from key in longKey
                select request with { Headers = [("Idempotency-Key", key)] }));
    }

    public static Gen<HostileRequest> List(FuzzWorld world)
    {
        const string route = "GET /api/orders";
        return Gen.Frequency(
            (3, from limit in HostilePaths.BadPositiveInt(OrderEndpoints.MaxListLimit)
                from key in Gen.OneOf("limit", "LIMIT", "Limit")
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/orders?{key}={limit.Value}", world.UserBearer, Expectation.Rejected, $"limit {limit.Why}")),
            (1, from auth in HostileHeaders.NoCaller(world)
                from query in Gen.OneOf("", "?limit=5", "?limit=0")
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/orders{query}", auth.Header, Expectation.Rejected, auth.Why)),
            (2, from query in Gen.OneOf("?limit=", "?limit=5&limit=6", "?limit=5&limit=abc", "?limit=abc&limit=5", "?limit", "?limit[]=5",
                    "?limit=%205", "?limit=+5", "?limit=0005", "?foo=bar&limit=3", "?&&&", "?%00=1", "?" + new string('q', 5000), "?limit=5#x")
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/orders{query}", world.UserBearer, Expectation.ReadOnly, "odd query")));
    }

    public static Gen<HostileRequest> Read(FuzzWorld world)
    {
        const string route = "GET /api/orders/{id}";
        var own = Gen.OneOf(world.ConfirmedOrder, world.CancelledOrder).SelectMany(HostilePaths.GuidFormats);
        return Gen.Frequency(
            (2, from id in HostilePaths.NotAGuid
                from wait in Gen.OneOf("", "?wait=1")
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/orders/{id.Segment}{wait}", world.UserBearer, Expectation.Rejected, id.Why)),
            (2, from id in Gen.OneOf(Gen.Guid.Select(g => (g, "no such order")), Gen.Const((world.VictimOrder, "another user's order")))
                from format in HostilePaths.GuidFormats(id.Item1)
                from wait in Gen.OneOf("", "?wait=1", "?wait=5")
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/orders/{format}{wait}", world.UserBearer, Expectation.Rejected, id.Item2)),
            (2, from id in own
                from wait in HostilePaths.BadPositiveInt(OrderRules.MaxWaitSeconds)
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/orders/{id}?wait={wait.Value}", world.UserBearer, Expectation.Rejected, $"wait {wait.Why}")),
            (1, from id in own
                from auth in HostileHeaders.NoCaller(world)
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/orders/{id}", auth.Header, Expectation.Rejected, auth.Why)),
            (2, from id in own
                from wait in Gen.OneOf("", "?wait=1", "?wait=5", "?wait=+2", "?wait=1&wait=2", "?wait=", "?WAIT=3")
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/orders/{id}{wait}", world.UserBearer, Expectation.ReadOnly, "a read of the user's own settled order")));
    }

    public static Gen<HostileRequest> Cancel(FuzzWorld world)
    {
        const string route = "POST /api/orders/{id}/cancel";
        // Never the user's confirmed order with the user's token: that cancel is valid, and would change data.
        var target = Gen.Frequency(
            (2, HostilePaths.NotAGuid.Select(id => (id.Segment, (string?)world.UserBearer, id.Why))),
            (1, Gen.Guid.Select(id => (id.ToString(), (string?)world.UserBearer, "no such order"))),
            (1, HostilePaths.GuidFormats(world.VictimOrder).Select(id => (id, (string?)world.UserBearer, "another user's order"))),
            (1, HostilePaths.GuidFormats(world.CancelledOrder).Select(id => (id, (string?)world.UserBearer, "already cancelled"))),
            (2, from id in HostilePaths.GuidFormats(world.ConfirmedOrder)
                from auth in HostileHeaders.NoCaller(world)
                select (id, auth.Header, auth.Why)));
        return from t in target
               from body in Gen.Frequency(
                   (3, Gen.Const<(byte[]?, string?)>((null, null))),
                   (1, HostileJson.AnyValue.Select(v => ((byte[]?)WireText.ToBytes(v), (string?)"application/json"))),
                   (1, HostileHeaders.NotJson.Select(ct => ((byte[]?)WireText.ToBytes("reason=because"), ct.Header))))
               select RequestBuilder.NoBody(route, HttpMethod.Post, $"/api/orders/{t.Item1}/cancel", t.Item2, Expectation.Rejected, t.Item3)
                   with { Body = body.Item1, ContentType = body.Item2 };
    }
}
