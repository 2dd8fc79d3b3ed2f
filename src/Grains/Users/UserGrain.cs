using System.Security.Cryptography;
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

    /// <summary>Used-up refresh tokens remembered per session: a replay of one of these ends the session.</summary>
    public const int UsedTokensKept = 16;

    public async Task<AuthenticatedUser?> SignIn(string password, NewSession session)
    {
        var user = await VerifyPassword(password);
        if (user is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var sessions = state.State.Sessions;
        // A repeated sign-in (the gateway retries) replaces its own session instead of opening a second.
        sessions.RemoveAll(s => s.ExpiresAt <= now || s.Id == session.SessionId);
        // Bounded: the oldest sessions make room (a user signing in from an eleventh device signs the first out).
        while (sessions.Count >= Math.Max(1, session.MaxSessions))
        {
            sessions.RemoveAt(0);
        }

        sessions.Add(new SessionRecord
        {
            Id = session.SessionId,
            TokenHash = session.RefreshTokenHash,
            CreatedAt = now,
            ExpiresAt = now + session.Lifetime,
        });
        await state.WriteStateAsync();
        return user;
    }

    public async Task<RefreshResult> RefreshSession(SessionRefresh refresh)
    {
        var now = clock.GetUtcNow();
        var session = state.State.Exists ? state.State.Sessions.Find(s => s.Id == refresh.SessionId) : null;
        if (session is null)
        {
            return new RefreshResult(RefreshOutcome.UnknownSession, null);
        }

        if (session.ExpiresAt <= now)
        {
            state.State.Sessions.Remove(session);
            await state.WriteStateAsync();
            return new RefreshResult(RefreshOutcome.Expired, null);
        }

        if (!CryptographicOperations.FixedTimeEquals(session.TokenHash, refresh.PresentedHash))
        {
            // The same refresh again (the gateway retried one that landed): the same answer, not a reuse.
            if (session.UsedHashes.Count > 0 && CryptographicOperations.FixedTimeEquals(session.UsedHashes[^1], refresh.PresentedHash) &&
                CryptographicOperations.FixedTimeEquals(session.TokenHash, refresh.NextHash))
            {
                return new RefreshResult(RefreshOutcome.Rotated,
                    new AuthenticatedUser(this.GetPrimaryKey(), state.State.Email, state.State.Roles.ToArray()));
            }

            if (!session.UsedHashes.Any(used => CryptographicOperations.FixedTimeEquals(used, refresh.PresentedHash)))
            {
                return new RefreshResult(RefreshOutcome.WrongToken, null);
            }

            // A used-up token again: the legitimate client or a thief replays it, and the grain cannot
            // tell which, so nobody keeps the session (RFC 9700, section 4.14.2).
            state.State.Sessions.Remove(session);
            await state.WriteStateAsync();
            return new RefreshResult(RefreshOutcome.ReuseDetected, null);
        }

        session.UsedHashes.Add(session.TokenHash);
        if (session.UsedHashes.Count > UsedTokensKept)
        {
            session.UsedHashes.RemoveRange(0, session.UsedHashes.Count - UsedTokensKept);
        }

        session.TokenHash = refresh.NextHash;
        session.ExpiresAt = now + refresh.Lifetime;
        await state.WriteStateAsync();
        return new RefreshResult(RefreshOutcome.Rotated,
            new AuthenticatedUser(this.GetPrimaryKey(), state.State.Email, state.State.Roles.ToArray()));
    }

    public Task<bool> IsSessionActive(Guid sessionId)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult(state.State.Exists && state.State.Sessions.Exists(s => s.Id == sessionId && s.ExpiresAt > now));
    }

    public async Task<bool> EndSession(Guid sessionId)
    {
        if (!state.State.Exists || !VerifiedCaller.MayAccess(this.GetPrimaryKey()) ||
            state.State.Sessions.RemoveAll(s => s.Id == sessionId) == 0)
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }

    public async Task<int> EndAllSessions()
    {
        if (!state.State.Exists || !VerifiedCaller.MayAccess(this.GetPrimaryKey()))
        {
            return 0;
        }

        var ended = state.State.Sessions.Count;
        state.State.Sessions.Clear();
        await state.WriteStateAsync();
        return ended;
    }

    public async Task<PasswordChangeOutcome> ChangePassword(string currentPassword, string newPassword)
    {
        if (!state.State.Exists || !VerifiedCaller.MayAccess(this.GetPrimaryKey()))
        {
            passwords.BurnDecoyVerification(currentPassword);
            return PasswordChangeOutcome.NoAccount;
        }

        if (!passwords.Verify(state.State.PasswordHash, currentPassword))
        {
            return PasswordChangeOutcome.WrongPassword;
        }

        state.State.PasswordHash = passwords.Hash(newPassword);
        // A new password ends every session: whoever knew the old one is signed out everywhere.
        state.State.Sessions.Clear();
        await state.WriteStateAsync();
        return PasswordChangeOutcome.Changed;
    }

    private UserProfile ToProfile() =>
        new(this.GetPrimaryKey(), state.State.Email, state.State.Name, state.State.CreatedAt, state.State.Roles.ToArray());
}
