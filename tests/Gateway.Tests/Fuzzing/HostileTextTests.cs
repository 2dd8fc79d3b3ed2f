using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>
/// The other side of the hostile-request property, kept apart from it because these requests are valid
/// and do change data (a user of their own): hostile text that the rules allow (RTL overrides,
/// injection strings, any UTF-16 code unit but controls) is stored and read back exactly as sent;
/// a name the rules refuse (control characters such as NUL or a line break: names reach mail headers
/// and logs) or that cannot be read as text (lone surrogates) is a 400 problem; never a 5xx, never mangled.
/// Same fixed seed and variables as <see cref="FuzzRunner"/> (FUZZ_TEXT_CASES, FUZZ_TEXT_REPLAY).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HostileTextTests(GatewayFixture fixture, ITestOutputHelper output)
{
    public const int DefaultCases = 300;

    /// <summary>Any UTF-16 code unit, weighted towards the troublesome ones: controls, surrogates, the rest of Unicode.</summary>
    private static readonly Gen<char> Chars = Gen.Frequency(
        (4, Gen.Char[' ', '~']), (1, Gen.Char['\0', '\u001f']), (1, Gen.Char['\uD800', '\uDFFF']), (2, Gen.Char['\u0080', '\uFFFF']));

    /// <summary>Names within the rules: not blank, at most 100 characters once trimmed.</summary>
    private static readonly Gen<string> Names = Gen.Frequency(
            (1, HostileJson.Text),
            (2, Chars.Array[1, 100].Select(chars => new string(chars))))
        .Where(name => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= Endpoints.AccountEndpoints.MaxNameLength);

    [Fact]
    public async Task Hostile_but_valid_names_are_stored_and_read_back_exactly()
    {
        var email = $"fuzz-text-{Guid.NewGuid():N}@example.com";
        var user = Api.Anonymous(fixture.Gateway);
        var created = await user.PostAsync("/api/users", Json($$"""{"email":"{{email}}","name":"Text","password":"{{FuzzFixture.Password}}"}"""));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        await Api.LogIn(user, email, FuzzFixture.Password);

        var failures = await new FuzzRunner(output).Run("hostile text", Names, DefaultCases, "FUZZ_TEXT_CASES", "FUZZ_TEXT_REPLAY",
            name => RoundTrip(user, name), name => $"name: {Escape(name)}",
            name => $"PUT /api/users/me, {(HasLoneSurrogate(name) ? "lone surrogates" : "well-formed UTF-16")},");

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private static async Task<HostileExchange.Outcome> RoundTrip(HttpClient user, string name)
    {
        var clock = Stopwatch.StartNew();
        // Every character \u-escaped, so the JSON carries exactly these UTF-16 code units, lone surrogates too.
        var put = await user.PutAsync("/api/users/me", Json($"{{\"name\":\"{Escape(name)}\"}}"));
        var status = (int)put.StatusCode;
        var body = await put.Content.ReadAsByteArrayAsync();
        if (status != 200)
        {
            var request = new HostileRequest("PUT /api/users/me", HttpMethod.Put, "/api/users/me", Expectation.ReadOnly, "hostile but valid text");
            var refusedByRule = (HasLoneSurrogate(name) || name.Any(char.IsControl)) && status == 400;
            return new HostileExchange.Outcome(status,
                HostileExchange.Judge(request, put, body) ?? (refusedByRule ? null : $"refused with {status}: {Encoding.UTF8.GetString(body)}"), clock.Elapsed);
        }

        if (name.Any(char.IsControl))
        {
            return new HostileExchange.Outcome(status, "a name with control characters was accepted", clock.Elapsed);
        }

        var stored = JsonDocument.Parse(body).RootElement.GetProperty("name").GetString();
        var read = (await (await user.GetAsync("/api/users/me")).Json()).GetProperty("name").GetString();
        var failure = stored != name.Trim() ? $"stored as {Escape(stored ?? "")}"
            : read != stored ? $"read back as {Escape(read ?? "")}"
            : null;
        return new HostileExchange.Outcome(status, failure, clock.Elapsed);
    }

    private static bool HasLoneSurrogate(string text)
    {
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(text);
            return false;
        }
        catch (EncoderFallbackException)
        {
            return true;
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Escape(string text) => string.Concat(text.Select(c => $"\\u{(int)c:X4}"));
}
