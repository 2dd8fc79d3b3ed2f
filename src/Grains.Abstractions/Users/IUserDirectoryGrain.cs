namespace Shop.Users;

/// <summary>
/// Maps one normalized e-mail address to a user id. Keyed by <see cref="EmailAddress.Normalize"/>,
/// so two registrations of the same address meet in the same grain and only one wins.
/// </summary>
[Alias("Shop.Users.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<RegistrationResult> Register(RegisterUser request);

    /// <summary>Checks a password; answers the user's identity or null for wrong credentials.</summary>
    [Alias("Authenticate")]
    Task<AuthenticatedUser?> Authenticate(string password);

    /// <summary>Like <see cref="Authenticate"/>, and opens <paramref name="session"/> for the user when the password is right.</summary>
    [Alias("SignIn")]
    Task<AuthenticatedUser?> SignIn(string password, NewSession session);

    /// <summary>Creates the account if missing, and makes sure it has the given password and role.</summary>
    [Alias("EnsureAccount")]
    Task<UserProfile> EnsureAccount(RegisterUser request, string role);
}
