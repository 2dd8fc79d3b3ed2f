using Shop.Bench.Load;
using Shop.Bench.Scenarios;

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
            < 40 => ReadScenarios.Read(http, context, BenchHttp.Get($"/api/products/{session.Skus[context.Sequence % session.Skus.Length]}"), "product"),
            < 50 => ReadScenarios.Read(http, context, BenchHttp.Get("/api/products"), "catalog"),
            < 64 => ReadScenarios.Read(http, context, BenchHttp.Get("/api/users/me", token), "me"),
            < 74 => ReadScenarios.Read(http, context, BenchHttp.Get("/api/orders?limit=10", token), "orders"),
            < 79 => DashboardScenario.ReadDashboard(http, context, token, "dashboard"),
            < 84 => ReadScenarios.Read(http, context, BenchHttp.Get("/api/users/me/notifications", token), "notifications"),
            < 99 => PlaceAndConfirm(http, context, session, token),
            _ => ReadScenarios.Read(http, context, BenchHttp.Json(HttpMethod.Post, "/api/auth/token",
                new { email = session.UserEmails[context.Sequence % session.UserEmails.Length], password = BenchHttp.UserPassword }), "login"),
        };
    }

    private static Task PlaceAndConfirm(HttpClient http, OperationContext context, BenchSession session, string token) =>
        OrdersScenario.PlaceAndFollow(http, context, token, session.Skus[(context.Sequence / 7) % session.Skus.Length]);
}
