using System.Net;
using Shop.Bench.Load;

namespace Shop.Bench.Soak;

/// <summary>
/// One operation of the soak's mix, chosen by its running number so the mix is exact: per 100
/// operations 40 product reads, 10 catalog pages, 14 profile reads, 10 order lists, 5 dashboards, 5
/// notification lists, 15 orders (each followed with the long poll until Confirmed) and 1 login.
/// Anything but the expected answer is an error, named after the operation and the status.
/// </summary>
public static class MixedLoad
{
    public static Task Next(HttpClient http, OperationContext context, BenchSession session)
    {
        var token = session.UserTokens[context.Sequence % session.UserTokens.Length];
        var slot = context.Sequence % 100;
        return slot switch
        {
            < 40 => Expect(http, context, "product", BenchHttp.Get($"/api/products/{session.Skus[context.Sequence % session.Skus.Length]}")),
            < 50 => Expect(http, context, "catalog", BenchHttp.Get("/api/products")),
            < 64 => Expect(http, context, "me", BenchHttp.Get("/api/users/me", token)),
            < 74 => Expect(http, context, "orders", BenchHttp.Get("/api/orders?limit=10", token)),
            < 79 => Dashboard(http, context, token),
            < 84 => Expect(http, context, "notifications", BenchHttp.Get("/api/users/me/notifications", token)),
            < 99 => PlaceAndConfirm(http, context, session, token),
            _ => Expect(http, context, "login", BenchHttp.Json(HttpMethod.Post, "/api/auth/token",
                new { email = session.UserEmails[context.Sequence % session.UserEmails.Length], password = BenchHttp.UserPassword })),
        };
    }

    private static async Task Expect(HttpClient http, OperationContext context, string what, HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            await response.Content.CopyToAsync(Stream.Null);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                context.Error($"{what} {(int)response.StatusCode}");
            }
        }
    }

    private static async Task Dashboard(HttpClient http, OperationContext context, string token)
    {
        using var response = await http.SendAsync(BenchHttp.Get("/api/dashboard", token));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            context.Error($"dashboard {(int)response.StatusCode}");
        }
        else if (!body.Contains("\"degraded\":[]", StringComparison.Ordinal))
        {
            context.Error("dashboard degraded");
        }
    }

    private static Task PlaceAndConfirm(HttpClient http, OperationContext context, BenchSession session, string token) =>
        Scenarios.OrdersScenario.PlaceAndFollow(http, context, token, session.Skus[(context.Sequence / 7) % session.Skus.Length]);
}
