using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Shop.Grains.Users;
using Shop.Users;

namespace Shop.Grains.Tests;

/// <summary>The sign-in sessions the user grain keeps (issue 17): rotation, reuse detection, bounds, expiry, revocation.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserSessionTests(ClusterFixture fixture)
{
    private const string Password = "s3cret-password";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private async Task<(IUserDirectoryGrain Directory, IUserGrain User)> NewAccount()
    {
        var request = new RegisterUser($"{Guid.NewGuid():N}@example.com", "Ada", Password);
        var directory = fixture.Client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(request.Email));
        var profile = (await directory.Register(request)).Profile!;
        return (directory, fixture.Client.GetGrain<IUserGrain>(profile.Id));
    }

    private static byte[] Hash() => SHA256.HashData(RandomNumberGenerator.GetBytes(32));

    private static NewSession Session(byte[] hash, int maxSessions = 10, TimeSpan? lifetime = null) =>
        new(Guid.NewGuid(), hash, lifetime ?? Lifetime, maxSessions);

    [Fact]
    public async Task Signing_in_with_the_right_password_opens_a_session_and_a_wrong_one_does_not()
    {
        var (directory, user) = await NewAccount();
        var opened = Session(Hash());
        var refused = Session(Hash());

        Assert.NotNull(await directory.SignIn(Password, opened));
        Assert.Null(await directory.SignIn("wrong-password", refused));

        Assert.True(await user.IsSessionActive(opened.SessionId));
        Assert.False(await user.IsSessionActive(refused.SessionId));
    }

    [Fact]
    public async Task A_refresh_rotates_the_token_and_replaying_the_used_one_ends_the_session()
    {
        var (directory, user) = await NewAccount();
        var first = Hash();
        var session = Session(first);
        await directory.SignIn(Password, session);
        var second = Hash();

        var rotated = await user.RefreshSession(new SessionRefresh(session.SessionId, first, second, Lifetime));
        Assert.Equal(RefreshOutcome.Rotated, rotated.Outcome);
        Assert.Equal(user.GetPrimaryKey(), rotated.User?.UserId);

        var replayed = await user.RefreshSession(new SessionRefresh(session.SessionId, first, Hash(), Lifetime));
        Assert.Equal(RefreshOutcome.ReuseDetected, replayed.Outcome);
        Assert.False(await user.IsSessionActive(session.SessionId));
        Assert.Equal(RefreshOutcome.UnknownSession, (await user.RefreshSession(new SessionRefresh(session.SessionId, second, Hash(), Lifetime))).Outcome);
    }

    [Fact]
    public async Task A_repeated_refresh_with_the_same_next_token_is_answered_again_not_taken_for_a_reuse()
    {
        var (directory, user) = await NewAccount();
        var first = Hash();
        var session = Session(first);
        await directory.SignIn(Password, session);
        var refresh = new SessionRefresh(session.SessionId, first, Hash(), Lifetime);

        Assert.Equal(RefreshOutcome.Rotated, (await user.RefreshSession(refresh)).Outcome);
        Assert.Equal(RefreshOutcome.Rotated, (await user.RefreshSession(refresh)).Outcome);
        Assert.True(await user.IsSessionActive(session.SessionId));
    }

    [Fact]
    public async Task A_token_the_session_never_had_is_refused_and_leaves_the_session_open()
    {
        var (directory, user) = await NewAccount();
        var current = Hash();
        var session = Session(current);
        await directory.SignIn(Password, session);

        Assert.Equal(RefreshOutcome.WrongToken, (await user.RefreshSession(new SessionRefresh(session.SessionId, Hash(), Hash(), Lifetime))).Outcome);
        Assert.Equal(RefreshOutcome.Rotated, (await user.RefreshSession(new SessionRefresh(session.SessionId, current, Hash(), Lifetime))).Outcome);
    }

    [Fact]
    public async Task The_sessions_kept_per_user_are_bounded_and_the_oldest_goes_first()
    {
        var (directory, user) = await NewAccount();
        var sessions = Enumerable.Range(0, 4).Select(_ => Session(Hash(), maxSessions: 3)).ToArray();
        foreach (var session in sessions)
        {
            await directory.SignIn(Password, session);
        }

        Assert.False(await user.IsSessionActive(sessions[0].SessionId));
        foreach (var session in sessions[1..])
        {
            Assert.True(await user.IsSessionActive(session.SessionId));
        }
    }

    [Fact]
    public async Task An_expired_session_refuses_its_refresh_token()
    {
        var (directory, user) = await NewAccount();
        var hash = Hash();
        // A lifetime already over (the grain's own clock decides).
        var session = Session(hash, lifetime: TimeSpan.FromMilliseconds(-1));
        await directory.SignIn(Password, session);

        Assert.False(await user.IsSessionActive(session.SessionId));
        Assert.Equal(RefreshOutcome.Expired, (await user.RefreshSession(new SessionRefresh(session.SessionId, hash, Hash(), Lifetime))).Outcome);
    }

    [Fact]
    public async Task Ending_one_session_all_sessions_or_changing_the_password_ends_what_it_says()
    {
        var (directory, user) = await NewAccount();
        var (a, b, c) = (Session(Hash()), Session(Hash()), Session(Hash()));
        foreach (var session in new[] { a, b, c })
        {
            await directory.SignIn(Password, session);
        }

        Assert.True(await user.EndSession(a.SessionId));
        Assert.False(await user.EndSession(a.SessionId));
        Assert.False(await user.IsSessionActive(a.SessionId));
        Assert.True(await user.IsSessionActive(b.SessionId));

        Assert.Equal(2, await user.EndAllSessions());
        Assert.False(await user.IsSessionActive(b.SessionId));
        Assert.False(await user.IsSessionActive(c.SessionId));

        var d = Session(Hash());
        await directory.SignIn(Password, d);
        Assert.Equal(PasswordChangeOutcome.WrongPassword, await user.ChangePassword("wrong-password", "new-password-1"));
        Assert.True(await user.IsSessionActive(d.SessionId));
        Assert.Equal(PasswordChangeOutcome.Changed, await user.ChangePassword(Password, "new-password-1"));
        Assert.False(await user.IsSessionActive(d.SessionId));
        Assert.Null(await directory.SignIn(Password, Session(Hash())));
        Assert.NotNull(await directory.SignIn("new-password-1", Session(Hash())));
    }

    [Fact]
    public void A_user_stored_before_sessions_existed_still_loads_with_none()
    {
        var services = new ServiceCollection()
            .AddSerializer(s => s.AddAssembly(typeof(UserState).Assembly).AddAssembly(typeof(UserSessionTests).Assembly))
            .BuildServiceProvider();
        var stored = new UserBeforeSessions { Exists = true, Email = "ada@example.com", Name = "Ada", PasswordHash = "hash", Roles = ["admin"] };
        var bytes = services.GetRequiredService<Serializer<UserBeforeSessions>>().SerializeToArray(stored);

        var loaded = services.GetRequiredService<Serializer<UserState>>().Deserialize(bytes);
        Assert.NotNull(loaded);

        Assert.True(loaded.Exists);
        Assert.Equal("ada@example.com", loaded.Email);
        Assert.Equal("hash", loaded.PasswordHash);
        Assert.Equal(["admin"], loaded.Roles);
        Assert.Empty(loaded.Sessions);
    }
}

/// <summary>UserState as it was stored before issue 17 added Id 6 (Sessions).</summary>
[GenerateSerializer, Alias("Shop.Grains.Tests.UserBeforeSessions")]
public sealed class UserBeforeSessions
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Email { get; set; } = "";
    [Id(2)] public string Name { get; set; } = "";
    [Id(3)] public string PasswordHash { get; set; } = "";
    [Id(4)] public List<string> Roles { get; set; } = [];
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
}
