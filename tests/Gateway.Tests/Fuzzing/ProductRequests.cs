using CsCheck;
using Shop.Gateway.Endpoints;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>Hostile product definitions, restocks and product reads.</summary>
public static class ProductRequests
{
    private static readonly BodyField Name = BodyField.RequiredText("name", Gen.OneOf("\"Lamp\"", "\"Fuzzed product\""), ProductEndpoints.MaxNameLength);

    private static readonly BodyField Description = new(
        "description",
        Gen.OneOf("\"Warm\"", "\"\"", "null"),
        HostileJson.TextValue,
        Gen.Frequency(
            (3, HostileJson.UnreadableString),
            (1, Gen.Int[ProductEndpoints.MaxDescriptionLength + 1, 20_000].Select(n => (HostileJson.Escaped(new string('d', n)), "longer than 2000")))),
        Required: false);

    private static readonly BodyField Price = new(
        "price",
        Gen.OneOf("1.5", "10", "0", "19.99"),
        Gen.OneOf("-0", "\"2.50\"", "1e2", "0.1e1", "10.00", "\"1\""),
        Gen.Frequency(
            (3, HostileJson.NotADecimal.Select(v => (v, "not a decimal"))),
            (2, Gen.OneOf("-1", "-0.01", "1.999", "0.001", "1000000000", "1e9", "12345678901234567890").Select(v => (v, "negative, too precise or too large"))),
            (1, Gen.Const(("null", "null")))),
        Required: true);

    private static readonly BodyField Stock = BodyField.RequiredInt("stock", 0, ProductEndpoints.MaxStock);

    private static readonly BodyField Quantity = BodyField.RequiredInt("quantity", 1, ProductEndpoints.MaxStock);

    private static Gen<string> KnownSku(FuzzWorld world) => Gen.OneOf([.. world.Skus]);

    /// <summary>Skus a write may name: existing products and a new one (created only by a valid request, which is never generated).</summary>
    private static Gen<string> WritableSku(FuzzWorld world) => Gen.Frequency(
        (3, KnownSku(world)), (1, Gen.Int[0, 999].Select(n => $"FZ-NEW-{n}")));

    public static Gen<HostileRequest> Define(FuzzWorld world)
    {
        const string route = "PUT /api/products/{sku}";
        BodyField[] fields = [Name, Description, Price, Stock];
        var path = WritableSku(world).Select(s => $"/api/products/{s}");
        // Below the units the fuzz user's order holds: refused (409) and nothing of it is applied.
        var below = Gen.Int[0, world.ReservedUnits - 1].Select(v => v.ToString());
        BodyField[] belowReserved = [Name, Description, Price, Stock with { Valid = below, Noise = below }];
        return Gen.Frequency(
            (6, RequestBuilder.BadBody(route, HttpMethod.Put, path, world.AdminBearer, fields)),
            (2, RequestBuilder.BadElsewhere(route, HttpMethod.Put,
                HostilePaths.NotASku.Select(s => ($"/api/products/{s.Segment}", (string?)world.AdminBearer, s.Why)), fields)),
            (2, RequestBuilder.BadElsewhere(route, HttpMethod.Put, Gen.Select(path, NotAdmin(world), (p, a) => (p, a.Header, a.Why)), fields)),
            (1, RequestBuilder.BadElsewhere(route, HttpMethod.Put,
                Gen.Const(($"/api/products/{world.ReservedSku}", (string?)world.AdminBearer, "stock below the reserved units")), belowReserved)));
    }

    public static Gen<HostileRequest> Restock(FuzzWorld world)
    {
        const string route = "POST /api/products/{sku}/restock";
        BodyField[] fields = [Quantity];
        var path = WritableSku(world).Select(s => $"/api/products/{s}/restock");
        // Noise too: the field's usual noise ("1") would be a valid restock here.
        var tooMany = Gen.Int[ProductEndpoints.MaxStock - world.StockUnits + 1, ProductEndpoints.MaxStock].Select(v => v.ToString());
        BodyField[] overflow = [Quantity with { Valid = tooMany, Noise = tooMany }];
        return Gen.Frequency(
            (5, RequestBuilder.BadBody(route, HttpMethod.Post, path, world.AdminBearer, fields)),
            (2, RequestBuilder.BadElsewhere(route, HttpMethod.Post,
                HostilePaths.NotASku.Select(s => ($"/api/products/{s.Segment}/restock", (string?)world.AdminBearer, s.Why)), fields)),
            (2, RequestBuilder.BadElsewhere(route, HttpMethod.Post, Gen.Select(path, NotAdmin(world), (p, a) => (p, a.Header, a.Why)), fields)),
            (1, RequestBuilder.BadElsewhere(route, HttpMethod.Post,
                Gen.Int[0, 999].Select(n => ($"/api/products/FZ-NOPE-{n}/restock", (string?)world.AdminBearer, "no such product")), fields)),
            (1, RequestBuilder.BadElsewhere(route, HttpMethod.Post,
                Gen.Const(($"/api/products/{world.StockSku}/restock", (string?)world.AdminBearer, "stock would exceed the maximum")), overflow)));
    }

    public static Gen<HostileRequest> Read(FuzzWorld world)
    {
        const string route = "GET /api/products/{sku}";
        return Gen.Frequency(
            (3, from sku in HostilePaths.NotASku
                from auth in HostileHeaders.AnyCaller(world)
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/products/{sku.Segment}", auth, Expectation.Rejected, sku.Why)),
            (1, from n in Gen.Int[0, 999]
                from auth in HostileHeaders.AnyCaller(world)
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/products/FZ-NOPE-{n}", auth, Expectation.Rejected, "no such product")),
            (2, from sku in Gen.OneOf(HostilePaths.AnySkuSegment, KnownSku(world))
                from auth in HostileHeaders.AnyCaller(world)
                select RequestBuilder.NoBody(route, HttpMethod.Get, $"/api/products/{sku}", auth, Expectation.ReadOnly, "a read, maybe of a product")));
    }

    /// <summary>Callers that may not define products: nobody (401) or a plain user (403).</summary>
    private static Gen<(string? Header, string Why)> NotAdmin(FuzzWorld world) => Gen.Frequency(
        (3, HostileHeaders.NoCaller(world)),
        (1, Gen.Const<(string?, string)>((world.UserBearer, "a user, not an admin"))));
}
