using Shop.Notifications;
using Shop.Users;

namespace Shop.Grains.Users;

/// <summary>
/// Owns one normalized e-mail address. Grains are single-threaded, so two concurrent
/// registrations of the same address are serialized here and exactly one wins.
/// </summary>
public sealed class UserDirectoryGrain(
    [PersistentState("directory", StorageNames.Users)] IPersistentState<UserDirectoryState> state,
    PasswordHashing passwords) : Grain, IUserDirectoryGrain
{
    public async Task<RegistrationResult> Register(RegisterUser request)
    {
        var (profile, created) = await ClaimAndCreate(request, roles: []);
        if (created || IsRepeatOfTheClaimingAttempt(request))
        {
            // A repeat of the attempt that created the account (the gateway retried a call whose
            // answer it lost) is that registration again: the owner is the caller, nobody to warn.
            return new RegistrationResult(RegistrationOutcome.Registered, profile);
        }

        // The address has an account. The sign-up is answered as a new one would be (the gateway
        // shows no difference), so it costs what a new one costs: the password is hashed all the
        // same. The owner hears of the attempt by e-mail; the caller's password is never stored.
        passwords.Hash(request.Password);
        GrainFactory.GetGrain<INotificationGrain>(profile.Id).NoticeSignUpAttempt().Ignore();
        return new RegistrationResult(RegistrationOutcome.EmailTaken, null);
    }

    public async Task<AuthenticatedUser?> Authenticate(string password)
    {
        if (state.State.UserId is not { } userId)
        {
            passwords.BurnDecoyVerification(password);
            return null;
        }

        return await GrainFactory.GetGrain<IUserGrain>(userId).VerifyPassword(password);
    }

    public async Task<AuthenticatedUser?> SignIn(string password, NewSession session)
    {
        if (state.State.UserId is not { } userId)
        {
            passwords.BurnDecoyVerification(password);
            return null;
        }

        return await GrainFactory.GetGrain<IUserGrain>(userId).SignIn(password, session);
    }

    public async Task<UserProfile> EnsureAccount(RegisterUser request, string role)
    {
        var (profile, created) = await ClaimAndCreate(request, roles: [role]);
        return created
            ? profile
            : await GrainFactory.GetGrain<IUserGrain>(profile.Id).EnsureCredentials(request.Password, role);
    }

    private bool IsRepeatOfTheClaimingAttempt(RegisterUser request) =>
        request.AttemptId != Guid.Empty && request.AttemptId == state.State.ClaimedBy;

    /// <summary>
    /// Claims the address for a new user id (written first, so the claim survives a crash), then
    /// creates the account. A claim whose account was never created is completed by the next attempt.
    /// </summary>
    private async Task<(UserProfile Profile, bool Created)> ClaimAndCreate(RegisterUser request, string[] roles)
    {
        if (state.State.UserId is { } existingId &&
            await GrainFactory.GetGrain<IUserGrain>(existingId).GetProfile() is { } existing)
        {
            return (existing, false);
        }

        if (state.State.UserId is null || state.State.ClaimedBy != request.AttemptId)
        {
            // One write claims the address for this attempt; completing another attempt's unfinished
            // claim (a crash between claim and account) re-marks it as this attempt's, which is rare.
            state.State.UserId ??= Guid.NewGuid();
            state.State.ClaimedBy = request.AttemptId;
            await state.WriteStateAsync();
        }

        var account = new NewAccount(request.Email, request.Name, passwords.Hash(request.Password), roles);
        var profile = await GrainFactory.GetGrain<IUserGrain>(state.State.UserId.Value).Create(account);
        return (profile, true);
    }
}
