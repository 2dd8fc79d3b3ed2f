using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Gateway.Auth;
using Shop.Gateway.Contract;
using Shop.Gateway.Errors;
using Shop.Gateway.RateLimiting;
using Shop.Gateway.Services;
using Shop.Users;

namespace Shop.Gateway.Endpoints;

/// <summary>Registration and login: the two routes anyone may call.</summary>
public static class AccountEndpoints
{
    public const int MaxEmailLength = 254;
    public const int MaxNameLength = 100;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api").WithTags("Authentication").AllowAnonymous();
        accounts.MapPost("/users", Register).RequireRateLimiting(RateLimitSetup.RegistrationPolicy)
            .WithName("Register").WithSummary("Create an account");
        accounts.MapPost("/auth/token", IssueToken).RequireRateLimiting(RateLimitSetup.LoginPolicy)
            .WithName("IssueToken").WithSummary("Sign in: a bearer token for an e-mail address and password")
            .WithDescription("Failed attempts are limited per client address and per account (429 with Retry-After).");
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ConflictProblem>> Register(RegisterRequest body, UsersService users)
    {
        var errors = new ValidationErrors();
        ValidateEmail(errors, body.Email);
        ValidateName(errors, body.Name);
        errors.Require(body.Password is { Length: >= MinPasswordLength and <= MaxPasswordLength },
            "password", $"The password must be {MinPasswordLength} to {MaxPasswordLength} characters.");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var result = await users.Register(new RegisterUser(body.Email!.Trim(), body.Name!.Trim(), body.Password!));
        return result is { Outcome: RegistrationOutcome.Registered, Profile: { } profile }
            ? TypedResults.Created("/api/users/me", profile.ToResponse())
            : new ConflictProblem("An account with this e-mail address already exists.");
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedProblem, TooManyRequestsProblem>> IssueToken(
        TokenRequest body, UsersService users, TokenIssuer tokens, LoginThrottle throttle, HttpContext context)
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

        var user = await users.Authenticate(email, body.Password!);
        if (!throttle.Admits(email, client, succeeded: user is not null, out retryAfter))
        {
            return new TooManyRequestsProblem(retryAfter, "Too many failed logins for this account. Retry later.");
        }

        if (user is null)
        {
            return new UnauthorizedProblem("Wrong e-mail address or password.");
        }

        var (token, lifetime) = tokens.Issue(user);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds));
    }

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
