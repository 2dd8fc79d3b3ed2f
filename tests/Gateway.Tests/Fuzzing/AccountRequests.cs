using CsCheck;
using Shop.Gateway.Endpoints;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>Hostile registrations, logins and profile updates: every one of them refused.</summary>
public static class AccountRequests
{
    /// <summary>Strings that are certainly not an e-mail address to the gateway (all ASCII, so no charset changes them).</summary>
    private static readonly Gen<(string, string)> NotAnEmail = Gen.OneOf(
            "plainaddress", "@example.com", "user@", "user@localhost", "a@@example.com", "Ada <ada@example.com>",
            "a@example.com, b@example.com", "user@.", "@", "'; DROP TABLE users; --", "<script>@x")
        .Select(v => (HostileJson.Escaped(v), "not an e-mail address"));

    private static BodyField Email(Gen<string> valid) => BodyField.RequiredText("email", valid, AccountEndpoints.MaxEmailLength, NotAnEmail);

    private static readonly BodyField Name = BodyField.RequiredText("name", Gen.OneOf("\"Fuzz\"", "\"Ada Lovelace\""), AccountEndpoints.MaxNameLength);

    /// <summary>Passwords the registration refuses: too short.</summary>
    private static readonly Gen<(string, string)> ShortPassword = Gen.OneOf("\"x\"", "\"1234567\"", "\"\\u0000\"", "\"\\uD83D\\uDE00\"")
        .Select(v => (v, "shorter than 8"));

    private static readonly BodyField NewPassword =
        BodyField.RequiredText("password", Gen.OneOf("\"password-1\"", "\"correct horse battery\""), AccountEndpoints.MaxPasswordLength, ShortPassword);

    /// <summary>Never the user's password (the fixture's is not among them): a login with these fails.</summary>
    private static readonly BodyField WrongPassword =
        BodyField.RequiredText("password", Gen.OneOf("\"wrong-password\"", "\"password-2\"", "\"' OR '1'='1\""), AccountEndpoints.MaxPasswordLength);

    public static Gen<HostileRequest> Registration(FuzzWorld world)
    {
        const string route = "POST /api/users";
        var fresh = Gen.Int[0, int.MaxValue].Select(n => $"\"fuzz-{n}@example.com\"");
        BodyField[] fields = [Email(fresh), Name, NewPassword];
        // No case for a taken address: it is answered as any valid sign-up (202, no account
        // enumeration), so it is not a refusal (AccountEnumerationTests check it).
        return HostileHeaders.AnyCaller(world).SelectMany(auth =>
            RequestBuilder.BadBody(route, HttpMethod.Post, Gen.Const("/api/users"), auth, fields));
    }

    public static Gen<HostileRequest> Login(FuzzWorld world)
    {
        const string route = "POST /api/auth/token";
        var someone = Gen.OneOf(
            Gen.Const(HostileJson.Escaped(world.UserEmail)),
            Gen.Const(HostileJson.Escaped(" " + world.UserEmail.ToUpperInvariant() + " ")),
            Gen.Int[0, int.MaxValue].Select(n => HostileJson.Escaped($"nobody-{n}@example.com")));
        BodyField[] fields = [Email(someone), WrongPassword];
        // A login that reaches the password check costs a PBKDF2 verification (tens of milliseconds): rarer.
        return Gen.Frequency(
            (12, HostileHeaders.AnyCaller(world).SelectMany(auth =>
                RequestBuilder.BadBody(route, HttpMethod.Post, Gen.Const("/api/auth/token"), auth, fields))),
            (1, RequestBuilder.RefusedByRule(route, HttpMethod.Post, "/api/auth/token", HostileHeaders.AnyCaller(world), fields,
                "wrong password or unknown e-mail (or the body is invalid)")));
    }

    /// <summary>Refresh tokens that are never one the gateway issued: each refresh is refused (401 or 400).</summary>
    private static readonly BodyField ForgedRefreshToken = BodyField.RequiredText("refreshToken",
        Gen.OneOf("\"not-a-refresh-token\"", $"\"{new string('A', 86)}\"", $"\"{new string('-', 86)}\""), AccountEndpoints.MaxRefreshTokenLength);

    public static Gen<HostileRequest> Refresh(FuzzWorld world)
    {
        const string route = "POST /api/auth/refresh";
        BodyField[] fields = [ForgedRefreshToken];
        return Gen.Frequency(
            (4, HostileHeaders.AnyCaller(world).SelectMany(auth =>
                RequestBuilder.BadBody(route, HttpMethod.Post, Gen.Const("/api/auth/refresh"), auth, fields))),
            (1, RequestBuilder.RefusedByRule(route, HttpMethod.Post, "/api/auth/refresh", HostileHeaders.AnyCaller(world), fields,
                "a refresh token the gateway never issued (or the body is invalid)")));
    }

    /// <summary>Password changes of the fuzz user with a current password that is never theirs: refused, the password stays.</summary>
    public static Gen<HostileRequest> ChangePassword(FuzzWorld world)
    {
        const string route = "PUT /api/users/me/password";
        BodyField[] fields =
        [
            BodyField.RequiredText("currentPassword", Gen.OneOf("\"wrong-password\"", "\"password-2\""), AccountEndpoints.MaxPasswordLength),
            BodyField.RequiredText("newPassword", Gen.OneOf("\"password-3\"", "\"correct horse battery\""), AccountEndpoints.MaxPasswordLength, ShortPassword),
        ];
        return Gen.Frequency(
            (4, RequestBuilder.BadBody(route, HttpMethod.Put, Gen.Const("/api/users/me/password"), world.UserBearer, fields)),
            (1, RequestBuilder.RefusedByRule(route, HttpMethod.Put, "/api/users/me/password", Gen.Const<string?>(world.UserBearer), fields,
                "the current password is wrong (or the body is invalid)")));
    }

    public static Gen<HostileRequest> UpdateProfile(FuzzWorld world)
    {
        const string route = "PUT /api/users/me";
        BodyField[] fields = [Name];
        return Gen.Frequency(
            (4, RequestBuilder.BadBody(route, HttpMethod.Put, Gen.Const("/api/users/me"), world.UserBearer, fields)),
            (1, RequestBuilder.BadElsewhere(route, HttpMethod.Put,
                HostileHeaders.NoCaller(world).Select(a => ("/api/users/me", a.Header, a.Why)), fields)));
    }
}
