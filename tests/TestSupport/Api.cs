using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shop.TestSupport;

/// <summary>Small helpers for talking to the gateway the way a client would.</summary>
public static class Api
{
    public static HttpClient Anonymous(WebApplicationFactory<Shop.Gateway.Program> gateway) => gateway.CreateClient();

    public static async Task<(HttpClient Client, Guid UserId, string Email)> NewUser(WebApplicationFactory<Shop.Gateway.Program> gateway)
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var client = gateway.CreateClient();
        await SignUp(client, email, "Test User", "password-1");
        await LogIn(client, email, "password-1");
        return (client, await MyId(client), email);
    }

    /// <summary>Signs up (202, as every valid sign-up is answered, whether the address was free or not).</summary>
    public static async Task SignUp(HttpClient client, string email, string name, string password)
    {
        var answer = await client.PostAsJsonAsync("/api/users", new { email, name, password });
        Assert.True(answer.StatusCode == HttpStatusCode.Accepted,
            $"sign-up answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// The signed-in user's id, from their access token's subject: sign-up does not say it (it answers
    /// every address alike), and a request for the profile would count against rate limits and warm
    /// caches that tests measure.
    /// </summary>
    public static Task<Guid> MyId(HttpClient client) =>
        Task.FromResult(Guid.Parse(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(client.DefaultRequestHeaders.Authorization!.Parameter!).Subject));

    public static async Task<HttpClient> Admin(WebApplicationFactory<Shop.Gateway.Program> gateway)
    {
        var client = gateway.CreateClient();
        await LogIn(client, TestAdmin.Email, TestAdmin.Password);
        return client;
    }

    public static async Task LogIn(HttpClient client, string email, string password) => await SignIn(client, email, password);

    /// <summary>Signs in, sets the access token on <paramref name="client"/>, and answers the whole token answer (the refresh token too).</summary>
    public static async Task<JsonElement> SignIn(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { email, password });
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"sign-in answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        return body;
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    /// <summary>Asserts an RFC 9457 answer with the given status, and returns its body.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Json();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.True(body.TryGetProperty("traceId", out _), "problem details carry a trace id");
        return body;
    }

    /// <summary>Asserts a 400 validation problem naming the given fields.</summary>
    public static async Task AssertValidationProblem(this HttpResponseMessage response, params string[] fields)
    {
        var body = await response.AssertProblem(HttpStatusCode.BadRequest);
        var errors = body.GetProperty("errors");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}' in {errors}");
        }
    }
}
