using Shop.Gateway.Resilience;
using Shop.Users;

namespace Shop.Gateway.Services;

/// <summary>The users service as the gateway calls it: accounts, sign-in and profiles, behind the users circuit.</summary>
public sealed class UsersService(IClusterClient cluster, ClusterCalls calls)
{
    private const DownstreamService Service = DownstreamService.Users;

    /// <summary>Not repeated: a second attempt after a first that landed would answer "taken".</summary>
    public Task<RegistrationResult> Register(RegisterUser user) =>
        calls.Call(Service, () => cluster.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(user.Email)).Register(user));

    /// <summary>The account of <paramref name="normalizedEmail"/> when the password is right, else null.</summary>
    public Task<AuthenticatedUser?> Authenticate(string normalizedEmail, string password) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IUserDirectoryGrain>(normalizedEmail).Authenticate(password));

    /// <summary>The profile, or its last good answer when the service fails (the dashboard shares it).</summary>
    public Task<UserProfile?> Profile(Guid userId) =>
        calls.Read(Service, $"user:{userId}", () => cluster.GetGrain<IUserGrain>(userId).GetProfile());

    public Task<UserProfile?> UpdateProfile(Guid userId, UpdateProfile update) =>
        calls.CallIdempotent(Service, () => cluster.GetGrain<IUserGrain>(userId).UpdateProfile(update));
}
