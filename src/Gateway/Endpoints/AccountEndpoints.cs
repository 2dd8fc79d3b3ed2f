using System.Net.Mail;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Gateway.Auth;
using Shop.Gateway.Contract;
using Shop.Gateway.Errors;
using Shop.Gateway.RateLimiting;
using Shop.Gateway.Services;
using Shop.Users;
using System.Buffers.Text;

namespace Shop.Gateway.Endpoints;

/// <summary>Registration, sign-in, token refresh and sign-out, and the public keys of the tokens.</summary>
public static class AccountEndpoints
{
    public const int MaxEmailLength = 254;
    public const int MaxNameLength = 100;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;
    /// <summary>Longer than any refresh token (86 characters): a longer value is a 400, a shorter malformed one a 401.</summary>
    public const int MaxRefreshTokenLength = 512;
    public const string JwksPath = "/.well-known/jwks.json";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api").WithTags("Authentication").AllowAnonymous();
        accounts.MapPost("/users", Register).RequireRateLimiting(RateLimitSetup.RegistrationPolicy)
            .WithName("Register").WithSummary("Create an account")
            .WithDescription("""
                Accepted (202) for every valid sign-up, whether the address was free or already has an account: the same
                status, fields and, roughly, time, so sign-up does not reveal which addresses have accounts. A new account
                can sign in at once (POST /api/auth/token); the owner of an address that already had one is told by e-mail
                that someone tried, and nothing about their account changes.
                """);

        // With an external OpenID Connect provider the gateway issues no tokens of its own.
        if (app.ServiceProvider.GetRequiredService<IOptions<AccessTokenOptions>>().Value.UsesExternalProvider)
        {
            return;
        }

        accounts.MapPost("/auth/token", IssueToken).RequireRateLimiting(RateLimitSetup.LoginPolicy)
            .WithName("IssueToken").WithSummary("Sign in: an access token and a refresh token for an e-mail address and password")
            .WithDescription("Opens a session. The access token is short-lived (expiresIn seconds); the refresh token gets the next pair " +
                "from POST /api/auth/refresh. Failed attempts are limited per client address and per account (429 with Retry-After).");
        accounts.MapPost("/auth/refresh", Refresh).RequireRateLimiting(RateLimitSetup.RefreshPolicy)
            .WithName("RefreshToken").WithSummary("A new access token and refresh token for a refresh token, which is used up")
            .WithDescription("Every refresh token works once. Presenting one that was already used ends its whole session (reuse detection); " +
                "an expired, revoked, unknown or malformed refresh token is a 401. Limited per client address like sign-in.");
        app.MapPost("/api/auth/logout", Logout).WithTags("Authentication").RequireAuthorization()
            .WithName("Logout").WithSummary("Sign out: end the session of the access token")
            .WithDescription("The session's refresh token stops working, and its access tokens are refused from the next call on.");
        app.MapGet(JwksPath, PublicKeys).WithTags("Authentication").AllowAnonymous()
            .WithName("GetSigningKeys").WithSummary("The public keys access tokens are signed with (JSON Web Key Set)")
            .WithDescription("ES256 keys by kid: the signing key, the next one ahead of a rotation, and the previous ones during their " +
                "rotation window. Cacheable for five minutes.");
    }

    /// <summary>How long a client may cache the key set; a rotation publishes the next key longer than this before it signs.</summary>
    public static readonly TimeSpan JwksCacheLifetime = TimeSpan.FromMinutes(5);

    /// <summary>What every valid sign-up is told; it says nothing about whether the address had an account.</summary>
    public const string SignUpMessage =
        "Sign-up received. Sign in with this e-mail address and your password. If the address already had an account, " +
        "nothing was changed and its owner was told by e-mail.";

    private static async Task<Results<Accepted<SignUpResponse>, ValidationProblem>> Register(RegisterRequest body, UsersService users)
    {
        var errors = new ValidationErrors();
        ValidateEmail(errors, body.Email);
        ValidateName(errors, body.Name);
        ValidateNewPassword(errors, "password", body.Password);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var email = body.Email!.Trim();
        // Registered or taken, the answer is the same (the cluster told the owner of a taken address).
        // A fresh attempt id per request: the gateway's retries of this request repeat it, a new request does not.
        await users.Register(new RegisterUser(email, body.Name!.Trim(), body.Password!, AttemptId: Guid.NewGuid()));
        return TypedResults.Accepted((string?)null, new SignUpResponse(email, SignUpMessage));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedProblem, TooManyRequestsProblem>> IssueToken(
        TokenRequest body, UsersService users, TokenIssuer tokens, LoginThrottle throttle, IOptions<AccessTokenOptions> options, HttpContext context)
    {
        var errors = new ValidationErrors()
            .Require(!string.IsNullOrWhiteSpace(body.Email) && body.Email.Length <= MaxEmailLength, "email", "The e-mail address is required.")
            .Require(body.Password is { Length: > 0 and <= MaxPasswordLength }, "password", "The password is required.");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        // Failed attempts per (e-mail, client IP) and per e-mail, on top of the per-IP limit of the
        // route; a spent e-mail budget refuses wrong passwords only, not the owner (LoginThrottle).
        var email = EmailAddress.Normalize(body.Email!);
        var client = RateLimitSetup.ClientIp(context);
        if (throttle.IsClientExhausted(email, client, out var retryAfter))
        {
            return new TooManyRequestsProblem(retryAfter, "Too many failed logins for this account. Retry later.");
        }

        // The session opens in the same grain call as the password check; the cluster sees only the refresh token's hash.
        var settings = options.Value;
        var sessionId = Guid.NewGuid();
        var (secret, hash) = RefreshTokens.NewSecret();
        var user = await users.SignIn(email, body.Password!, new NewSession(sessionId, hash, settings.RefreshTokenLifetime, settings.MaxSessionsPerUser));
        if (!throttle.Admits(email, client, succeeded: user is not null, out retryAfter))
        {
            return new TooManyRequestsProblem(retryAfter, "Too many failed logins for this account. Retry later.");
        }

        if (user is null)
        {
            return new UnauthorizedProblem("Wrong e-mail address or password.");
        }

        return TypedResults.Ok(Tokens(tokens, settings, user, sessionId, RefreshTokens.Format(user.UserId, sessionId, secret)));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedProblem>> Refresh(
        RefreshRequest body, UsersService users, TokenIssuer tokens, IOptions<AccessTokenOptions> options, ILoggerFactory logs)
    {
        var errors = new ValidationErrors()
            .Require(body.RefreshToken is { Length: > 0 and <= MaxRefreshTokenLength }, "refreshToken", "The refresh token is required.");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        const string refused = "The refresh token is expired, revoked, already used or unknown. Sign in again.";
        if (!RefreshTokens.TryParse(body.RefreshToken, out var presented))
        {
            return new UnauthorizedProblem(refused);
        }

        var settings = options.Value;
        var next = RefreshTokens.Create(presented.UserId, presented.SessionId);
        var result = await users.Refresh(presented.UserId, new SessionRefresh(presented.SessionId, presented.Hash, next.Hash, settings.RefreshTokenLifetime));
        if (result is not { Outcome: RefreshOutcome.Rotated, User: { } user })
        {
            if (result.Outcome == RefreshOutcome.ReuseDetected)
            {
                logs.CreateLogger(typeof(AccountEndpoints)).LogWarning(
                    "A used refresh token was presented again: session {SessionId} of user {UserId} is ended.", presented.SessionId, presented.UserId);
            }

            return new UnauthorizedProblem(refused);
        }

        return TypedResults.Ok(Tokens(tokens, settings, user, presented.SessionId, next.Token));
    }

    private static async Task<NoContent> Logout(ClaimsPrincipal user, UsersService users, SessionCheck sessions)
    {
        var userId = user.UserId();
        var sessionId = user.SessionId();
        await users.EndSession(userId, sessionId);
        sessions.Ended(userId, sessionId);
        return TypedResults.NoContent();
    }

    private static Ok<JsonWebKeySetResponse> PublicKeys(SigningKeys keys, HttpContext http)
    {
        http.Response.Headers.CacheControl = $"public, max-age={(int)JwksCacheLifetime.TotalSeconds}";
        return TypedResults.Ok(new JsonWebKeySetResponse([.. keys.Accepted().Select(key =>
        {
            var point = key.ECDsa.ExportParameters(includePrivateParameters: false).Q;
            return new JsonWebKeyResponse("EC", "P-256", Base64Url.EncodeToString(point.X), Base64Url.EncodeToString(point.Y),
                key.KeyId, "sig", Microsoft.IdentityModel.Tokens.SecurityAlgorithms.EcdsaSha256);
        })]));
    }

    private static TokenResponse Tokens(TokenIssuer tokens, AccessTokenOptions settings, AuthenticatedUser user, Guid sessionId, string refreshToken)
    {
        var (token, lifetime) = tokens.Issue(user, sessionId);
        return new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds, refreshToken, (int)settings.RefreshTokenLifetime.TotalSeconds);
    }

    /// <summary>A new password, by the rules of the registration.</summary>
    internal static void ValidateNewPassword(ValidationErrors errors, string field, string? password) =>
        errors.Require(password is { Length: >= MinPasswordLength and <= MaxPasswordLength },
            field, $"The password must be {MinPasswordLength} to {MaxPasswordLength} characters.");

    /// <summary>
    /// A display name: 1 to 100 characters and no control characters. The name goes into e-mail
    /// headers and log lines, where a line break or NUL has no business and could forge a line.
    /// </summary>
    internal static void ValidateName(ValidationErrors errors, string? name) =>
        errors.Require(!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxNameLength && !name.Any(char.IsControl),
            "name", $"The name is required (at most {MaxNameLength} characters, no control characters).");

    private static void ValidateEmail(ValidationErrors errors, string? email) =>
        errors.Require(IsEmail(email), "email", "A valid e-mail address is required.");

    private static bool IsEmail(string? email) =>
        email is { Length: > 0 and <= MaxEmailLength } &&
        MailAddress.TryCreate(email.Trim(), out var parsed) &&
        parsed.Address == email.Trim() &&
        parsed.Host.Contains('.');
}
