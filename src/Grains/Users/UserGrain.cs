using Shop.Grains.Security;
using Shop.Users;

namespace Shop.Grains.Users;

public sealed class UserGrain(
    [PersistentState("user", StorageNames.Users)] IPersistentState<UserState> state,
    PasswordHashing passwords,
    TimeProvider clock) : Grain, IUserGrain
{
    public async Task<UserProfile> Create(NewAccount account)
    {
        if (state.State.Exists)
        {
            return ToProfile();
        }

        state.State = new UserState
        {
            Exists = true,
            Email = account.Email.Trim(),
            Name = account.Name.Trim(),
            PasswordHash = account.PasswordHash,
            Roles = [.. account.Roles.Distinct()],
            CreatedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        return ToProfile();
    }

    /// <summary>Profiles answer only the user themself (or an admin, or the cluster's own grains).</summary>
    public Task<UserProfile?> GetProfile() =>
        Task.FromResult(state.State.Exists && VerifiedCaller.MayAccess(this.GetPrimaryKey()) ? ToProfile() : null);

    public async Task<UserProfile?> UpdateProfile(UpdateProfile update)
    {
        if (!state.State.Exists || !VerifiedCaller.MayAccess(this.GetPrimaryKey()))
        {
            return null;
        }

        state.State.Name = update.Name.Trim();
        await state.WriteStateAsync();
        return ToProfile();
    }

    public Task<AuthenticatedUser?> VerifyPassword(string password)
    {
        if (!state.State.Exists)
        {
            passwords.BurnDecoyVerification(password);
            return Task.FromResult<AuthenticatedUser?>(null);
        }

        return Task.FromResult(passwords.Verify(state.State.PasswordHash, password)
            ? new AuthenticatedUser(this.GetPrimaryKey(), state.State.Email, state.State.Roles.ToArray())
            : null);
    }

    public async Task<UserProfile> EnsureCredentials(string password, string role)
    {
        if (!passwords.Verify(state.State.PasswordHash, password))
        {
            state.State.PasswordHash = passwords.Hash(password);
        }

        if (!state.State.Roles.Contains(role))
        {
            state.State.Roles.Add(role);
        }

        await state.WriteStateAsync();
        return ToProfile();
    }

    private UserProfile ToProfile() =>
        new(this.GetPrimaryKey(), state.State.Email, state.State.Name, state.State.CreatedAt, state.State.Roles.ToArray());
}
