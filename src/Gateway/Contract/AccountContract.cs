using System.ComponentModel.DataAnnotations;
using Shop.Gateway.Endpoints;

namespace Shop.Gateway.Contract;

// The HTTP contract (camelCase JSON). Request properties are nullable so that a missing field is
// reported as a validation error naming it, not as an unreadable body; the attributes state the
// endpoints' rules for the OpenAPI document (the endpoints check them and answer 400).

public sealed record RegisterRequest(
    [property: Required, EmailAddress, StringLength(AccountEndpoints.MaxEmailLength)] string? Email,
    [property: Required, StringLength(AccountEndpoints.MaxNameLength, MinimumLength = 1)] string? Name,
    [property: Required, StringLength(AccountEndpoints.MaxPasswordLength, MinimumLength = AccountEndpoints.MinPasswordLength)] string? Password);

public sealed record TokenRequest(
    [property: Required, StringLength(AccountEndpoints.MaxEmailLength, MinimumLength = 1)] string? Email,
    [property: Required, StringLength(AccountEndpoints.MaxPasswordLength, MinimumLength = 1)] string? Password);

/// <summary>
/// A short-lived bearer access token and its lifetime in seconds, and the refresh token that gets the
/// next pair (once: every refresh answers a new refresh token) and its lifetime in seconds.
/// </summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, int RefreshExpiresIn);

public sealed record RefreshRequest(
    [property: Required, StringLength(AccountEndpoints.MaxRefreshTokenLength, MinimumLength = 1)] string? RefreshToken);

public sealed record ChangePasswordRequest(
    [property: Required, StringLength(AccountEndpoints.MaxPasswordLength, MinimumLength = 1)] string? CurrentPassword,
    [property: Required, StringLength(AccountEndpoints.MaxPasswordLength, MinimumLength = AccountEndpoints.MinPasswordLength)] string? NewPassword);

/// <summary>How many sessions a revocation ended.</summary>
public sealed record SessionsEndedResponse(int Ended);

/// <summary>A JSON Web Key Set (RFC 7517): the public keys the gateway's access tokens are signed with.</summary>
public sealed record JsonWebKeySetResponse(IReadOnlyList<JsonWebKeyResponse> Keys);

/// <summary>One public EC P-256 key (RFC 7518 section 6.2): no private part, ever.</summary>
public sealed record JsonWebKeyResponse(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

public sealed record UpdateProfileRequest([property: Required, StringLength(AccountEndpoints.MaxNameLength, MinimumLength = 1)] string? Name);

public sealed record UserResponse(Guid Id, string Email, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// The answer to every valid sign-up, whether the address was free or already had an account: the
/// same status and fields, so that sign-up does not tell strangers which addresses have accounts.
/// </summary>
public sealed record SignUpResponse(string Email, string Message);

/// <summary>An e-mail the shop sent the user.</summary>
public sealed record NotificationResponse(string Id, string Kind, string Subject, Guid? OrderId, DateTimeOffset SentAt);
