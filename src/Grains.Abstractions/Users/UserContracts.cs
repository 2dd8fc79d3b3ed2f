namespace Shop.Users;

/// <summary>
/// A sign-up. <paramref name="AttemptId"/> names this one sign-up request (the gateway draws it per
/// HTTP request): a repeat of an attempt that already created the account (the gateway retrying after
/// a crashed silo or a lost answer) is answered as the registration it was, and tells the owner
/// nothing. <see cref="Guid.Empty"/> means no identity: every call is a new attempt.
/// </summary>
[GenerateSerializer, Immutable, Alias("Shop.Users.RegisterUser")]
public sealed record RegisterUser(
    [property: Id(0)] string Email,
    [property: Id(1)] string Name,
    [property: Id(2)] string Password,
    [property: Id(3)] Guid AttemptId = default);

/// <summary>What the directory hands the user grain: the password is hashed before it leaves the directory.</summary>
[GenerateSerializer, Immutable, Alias("Shop.Users.NewAccount")]
public sealed record NewAccount(
    [property: Id(0)] string Email,
    [property: Id(1)] string Name,
    [property: Id(2)] string PasswordHash,
    [property: Id(3)] IReadOnlyList<string> Roles);

[GenerateSerializer, Immutable, Alias("Shop.Users.UpdateProfile")]
public sealed record UpdateProfile([property: Id(0)] string Name);

[GenerateSerializer, Immutable, Alias("Shop.Users.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] IReadOnlyList<string> Roles);

[GenerateSerializer, Immutable, Alias("Shop.Users.AuthenticatedUser")]
public sealed record AuthenticatedUser(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string Email,
    [property: Id(2)] IReadOnlyList<string> Roles);

[GenerateSerializer, Alias("Shop.Users.RegistrationOutcome")]
public enum RegistrationOutcome
{
    Registered = 0,
    EmailTaken = 1,
}

[GenerateSerializer, Immutable, Alias("Shop.Users.RegistrationResult")]
public sealed record RegistrationResult(
    [property: Id(0)] RegistrationOutcome Outcome,
    [property: Id(1)] UserProfile? Profile);
