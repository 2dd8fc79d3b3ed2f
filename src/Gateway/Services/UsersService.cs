using Shop.Gateway.Resilience;
using Shop.Users;

namespace Shop.Gateway.Services;

/// <summary>The users service as the gateway calls it: accounts, sign-in and profiles, behind the users circuit.</summary>
public sealed class UsersService(IClusterClient cluster, ClusterCalls calls)
{
    private const DownstreamService Service = DownstreamService.Users;

    /// <summary>
    /// Retried like a read: the request carries its attempt id, so a repeat of an attempt that already
    /// created the account answers that registration again instead of telling the new owner that someone
    /// tried to sign up with their address.
    /// </summary>
    public Task<RegistrationResult> Register(RegisterUser user) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(user.Email)).Register(user));

    /// <summary>The account of <paramref name="normalizedEmail"/> when the password is right, else null.</summary>
    public Task<AuthenticatedUser?> Authenticate(string normalizedEmail, string password) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IUserDirectoryGrain>(normalizedEmail).Authenticate(password));

    /// <summary>
    /// Checks the password and opens the session in the same call. Repeating it opens the same session
    /// (the grain replaces a session of the same id), so it is retried like a read.
    /// </summary>
    public Task<AuthenticatedUser?> SignIn(string normalizedEmail, string password, NewSession session) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IUserDirectoryGrain>(normalizedEmail).SignIn(password, session));

    /// <summary>
    /// Rotates a refresh token. A repeat of a refresh that landed is answered as that refresh again (same
    /// next hash), not as a reuse, so it is retried like a read.
    /// </summary>
    public Task<RefreshResult> Refresh(Guid userId, SessionRefresh refresh) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IUserGrain>(userId).RefreshSession(refresh));

    /// <summary>The per-call session check; its last good answer when the service fails.</summary>
    public Task<bool> IsSessionOpen(Guid userId, Guid sessionId) =>
        calls.Read(Service, $"session:{sessionId:N}", () => cluster.GetGrain<IUserGrain>(userId).IsSessionActive(sessionId));

    public Task<bool> EndSession(Guid userId, Guid sessionId) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IUserGrain>(userId).EndSession(sessionId));

    public Task<int> EndAllSessions(Guid userId) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IUserGrain>(userId).EndAllSessions());

    /// <summary>Not repeated: a second attempt after a first that landed would find the current password wrong.</summary>
    public Task<PasswordChangeOutcome> ChangePassword(Guid userId, string currentPassword, string newPassword) =>
        calls.Call(Service, () => cluster.GetGrain<IUserGrain>(userId).ChangePassword(currentPassword, newPassword));

    /// <summary>The profile, or its last good answer when the service fails (the dashboard shares it).</summary>
    public Task<UserProfile?> Profile(Guid userId) =>
        calls.Read(Service, $"user:{userId}", () => cluster.GetGrain<IUserGrain>(userId).GetProfile());

    public Task<UserProfile?> UpdateProfile(Guid userId, UpdateProfile update) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IUserGrain>(userId).UpdateProfile(update));
}
