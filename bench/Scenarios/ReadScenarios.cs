using Shop.Bench.Load;

namespace Shop.Bench.Scenarios;

/// <summary>
/// The single-request scenarios: the catalog read, the same JSON from the bare baseline server, and
/// the authenticated profile read. Each answer is read to the end; anything but 200 is an error.
/// </summary>
public static class ReadScenarios
{
    public static Task Baseline(BenchSession session, int run) =>
        session.Measure("baseline", run, session.BaselineUrl, session.Closed(), (http, context) => ProductRead(http, context, session.Skus));

    public static Task Catalog(BenchSession session, int run) =>
        session.Measure("catalog", run, session.System.GatewayUrl, session.Closed(), (http, context) => ProductRead(http, context, session.Skus));

    public static Task Me(BenchSession session, int run) =>
        session.Measure("me", run, session.System.GatewayUrl, session.Closed(), (http, context) =>
            Read(http, context, BenchHttp.Get("/api/users/me", session.UserTokens[context.Worker % session.UserTokens.Length])));

    private static Task ProductRead(HttpClient http, OperationContext context, string[] skus) =>
        Read(http, context, BenchHttp.Get($"/api/products/{skus[context.Sequence % skus.Length]}"));

    /// <summary>
    /// Sends the request and reads the whole answer; a non-200 answer counts as an error of its status,
    /// named "<paramref name="what"/> status" when a mixed load needs to tell its operations apart.
    /// </summary>
    public static async Task Read(HttpClient http, OperationContext context, HttpRequestMessage request, string? what = null)
    {
        using (request)
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            await response.Content.CopyToAsync(Stream.Null);
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                context.Error(Label(what, ((int)response.StatusCode).ToString()));
            }
        }
    }

    /// <summary>An error kind, prefixed with the operation when there is one.</summary>
    public static string Label(string? what, string error) => what is null ? error : $"{what} {error}";
}
