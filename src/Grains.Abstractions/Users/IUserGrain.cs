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

    /// <summary>
    /// Checks the password and, when it is right, opens <paramref name="session"/> in the same call
    /// (dropping expired sessions, then the oldest beyond the session's limit). Null for wrong credentials.
    /// </summary>
    [Alias("SignIn")]
    Task<AuthenticatedUser?> SignIn(string password, NewSession session);

    /// <summary>Rotates the session's refresh token: the presented one is used up, replaying it ends the session.</summary>
    [Alias("RefreshSession")]
    Task<RefreshResult> RefreshSession(SessionRefresh refresh);

    /// <summary>True while the session is open (the gateway's per-call check of an access token's "sid").</summary>
    [Alias("IsSessionActive")]
    Task<bool> IsSessionActive(Guid sessionId);

    /// <summary>Signs one session out; false when it was not open. Only the user themself (or an admin).</summary>
    [Alias("EndSession")]
    Task<bool> EndSession(Guid sessionId);

    /// <summary>Ends every session of the user; answers how many were open. Only the user themself (or an admin).</summary>
    [Alias("EndAllSessions")]
    Task<int> EndAllSessions();

    /// <summary>Changes the password when <paramref name="currentPassword"/> is right, and ends every session.</summary>
    [Alias("ChangePassword")]
    Task<PasswordChangeOutcome> ChangePassword(string currentPassword, string newPassword);
}
