using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Shop.Bench.Load;

/// <summary>The load generator's HTTP client and the shop calls the scenarios need.</summary>
public static class BenchHttp
{
    /// <summary>One connection per worker at most, kept open (HTTP/1.1 keep-alive), as wrk does.</summary>
    public static HttpClient Create(string baseUrl, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static HttpRequestMessage Get(string path, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public static HttpRequestMessage Json(HttpMethod method, string path, object body, string? token = null)
    {
        var request = Get(path, token);
        request.Method = method;
        request.Content = JsonContent.Create(body);
        return request;
    }

    public static async Task<string> Token(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { email, password });
        await EnsureSuccess(response, "token");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>
    /// A token of the administrator that a Development silo creates with its public, development-only
    /// password (the bench runs the shop in Development; the password is refused anywhere else).
    /// </summary>
    public static Task<string> DevelopmentAdminToken(HttpClient http) => Token(http, "admin@shop.local", "dev-only-admin-password");

    /// <summary>
    /// Makes <paramref name="count"/> users, <c>{prefix}-{run}-{i}@bench.local</c> with a run id of
    /// their own, by <paramref name="register"/>. Four at a time: password hashing is deliberately
    /// slow, and more at once only queue on two cores.
    /// </summary>
    public static async Task<T[]> NewUsers<T>(string prefix, int count, Func<string, Task<T>> register)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var users = new T[count];
        await ForEach(Enumerable.Range(0, count), 4, async i => users[i] = await register($"{prefix}-{runId}-{i}@bench.local"));
        return users;
    }

    /// <summary>The password of every user the bench registers.</summary>
    public const string UserPassword = "bench-password-1";

    /// <summary>Registers a user and returns their bearer token.</summary>
    public static async Task<string> NewUser(HttpClient http, string email)
    {
        using var response = await http.PostAsJsonAsync("/api/users", new { email, name = "Bench user", password = UserPassword });
        await EnsureSuccess(response, "registration");
        return await Token(http, email, UserPassword);
    }

    /// <summary>
    /// Registers a user and returns their id and bearer token. Sign-up answers every address alike
    /// (no account enumeration), so the id is read from the profile.
    /// </summary>
    public static async Task<(Guid Id, string Token)> Register(HttpClient http, string email)
    {
        var token = await NewUser(http, email);
        using var me = Get("/api/users/me", token);
        using var profile = await http.SendAsync(me);
        await EnsureSuccess(profile, "profile");
        using var body = JsonDocument.Parse(await profile.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("id").GetGuid(), token);
    }

    /// <summary>Creates or updates a product as the administrator of <paramref name="adminToken"/>.</summary>
    public static async Task PutProduct(HttpClient http, string adminToken, string sku, object definition)
    {
        using var request = Json(HttpMethod.Put, $"/api/products/{sku}", definition, adminToken);
        using var response = await http.SendAsync(request);
        await EnsureSuccess(response, $"PUT /api/products/{sku}");
    }

    public static async Task EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Runs <paramref name="action"/> for every item with at most <paramref name="parallelism"/> at once.</summary>
    public static Task ForEach<T>(IEnumerable<T> items, int parallelism, Func<T, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, _) => await action(item));
}
