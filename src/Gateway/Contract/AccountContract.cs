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

/// <summary>A bearer token and its lifetime in seconds.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record UpdateProfileRequest([property: Required, StringLength(AccountEndpoints.MaxNameLength, MinimumLength = 1)] string? Name);

public sealed record UserResponse(Guid Id, string Email, string Name, DateTimeOffset CreatedAt);

/// <summary>An e-mail the shop sent the user.</summary>
public sealed record NotificationResponse(string Id, string Kind, string Subject, Guid? OrderId, DateTimeOffset SentAt);
