using System.Net.Mail;
using Shop.Gateway.Auth;
using Shop.Gateway.Http;
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
        app.MapPost("/api/users", Register).WithTags("Authentication").AllowAnonymous();
        app.MapPost("/api/auth/token", IssueToken).WithTags("Authentication").AllowAnonymous();
    }

    private static async Task<IResult> Register(RegisterRequest body, IClusterClient cluster)
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

        var result = await cluster.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(body.Email!))
            .Register(new RegisterUser(body.Email!.Trim(), body.Name!.Trim(), body.Password!));
        return result is { Outcome: RegistrationOutcome.Registered, Profile: { } profile }
            ? TypedResults.Created("/api/users/me", profile.ToResponse())
            : Problems.Conflict("An account with this e-mail address already exists.");
    }

    private static async Task<IResult> IssueToken(TokenRequest body, IClusterClient cluster, TokenIssuer tokens)
    {
        var errors = new ValidationErrors()
            .Require(!string.IsNullOrWhiteSpace(body.Email) && body.Email.Length <= MaxEmailLength, "email", "The e-mail address is required.")
            .Require(body.Password is { Length: > 0 and <= MaxPasswordLength }, "password", "The password is required.");
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var user = await cluster.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(body.Email!)).Authenticate(body.Password!);
        if (user is null)
        {
            return Problems.Unauthorized("Wrong e-mail address or password.");
        }

        var (token, lifetime) = tokens.Issue(user);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds));
    }

    internal static void ValidateName(ValidationErrors errors, string? name) =>
        errors.Require(!string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxNameLength,
            "name", $"The name is required (at most {MaxNameLength} characters).");

    private static void ValidateEmail(ValidationErrors errors, string? email) =>
        errors.Require(IsEmail(email), "email", "A valid e-mail address is required.");

    private static bool IsEmail(string? email) =>
        email is { Length: > 0 and <= MaxEmailLength } &&
        MailAddress.TryCreate(email.Trim(), out var parsed) &&
        parsed.Address == email.Trim() &&
        parsed.Host.Contains('.');
}
