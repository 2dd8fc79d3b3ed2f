namespace Shop.Users;

/// <summary>One user account, keyed by user id.</summary>
[Alias("Shop.Users.IUserGrain")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>Creates the account. Called by the directory grain that owns the e-mail address.</summary>
    [Alias("Create")]
    Task<UserProfile> Create(NewAccount account);

    [Alias("GetProfile")]
    Task<UserProfile?> GetProfile();

    [Alias("UpdateProfile")]
    Task<UserProfile?> UpdateProfile(UpdateProfile update);

    [Alias("VerifyPassword")]
    Task<AuthenticatedUser?> VerifyPassword(string password);

    /// <summary>Sets the password and adds a role (used to bootstrap the administrator).</summary>
    [Alias("EnsureCredentials")]
    Task<UserProfile> EnsureCredentials(string password, string role);
}
