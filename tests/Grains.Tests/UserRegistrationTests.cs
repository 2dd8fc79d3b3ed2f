using Orleans.Runtime;
using Orleans.Storage;
using Shop.Grains.Users;
using Shop.Users;

namespace Shop.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class UserRegistrationTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private static RegisterUser NewRegistration(string? email = null) =>
        new(email ?? $"{Guid.NewGuid():N}@Example.com", "Grace Hopper", "s3cret-password");

    [Fact]
    public async Task Registering_creates_a_profile_that_can_log_in()
    {
        var request = NewRegistration();
        var result = await _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(request.Email)).Register(request);

        Assert.Equal(RegistrationOutcome.Registered, result.Outcome);
        var profile = Assert.IsType<UserProfile>(result.Profile);
        Assert.Equal(request.Email, profile.Email);
        Assert.Equal("Grace Hopper", profile.Name);
        Assert.Empty(profile.Roles);

        var loggedIn = await _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(request.Email)).Authenticate("s3cret-password");
        Assert.Equal(profile.Id, loggedIn?.UserId);
    }

    [Fact]
    public async Task The_password_is_stored_only_as_a_hash()
    {
        var request = NewRegistration();
        var profile = (await _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(request.Email)).Register(request)).Profile!;

        var storage = fixture.Shop.Storage(StorageNames.Users);
        var stored = new GrainState<UserState>(new UserState());
        await storage.ReadStateAsync("user", GrainId.Create("user", profile.Id.ToString("N")), stored);

        Assert.True(stored.RecordExists);
        Assert.NotEqual("s3cret-password", stored.State!.PasswordHash);
        Assert.DoesNotContain("s3cret-password", stored.State!.PasswordHash);
        // ASP.NET Core Identity v3 format: base64 of a 0x01 marker, PRF, iteration count, salt and subkey.
        Assert.Equal(0x01, Convert.FromBase64String(stored.State!.PasswordHash)[0]);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_do_not_authenticate()
    {
        var request = NewRegistration();
        var directory = _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(request.Email));
        await directory.Register(request);

        Assert.Null(await directory.Authenticate("wrong-password"));
        Assert.Null(await _client.GetGrain<IUserDirectoryGrain>($"{Guid.NewGuid():N}@example.com").Authenticate("s3cret-password"));
    }

    [Fact]
    public async Task Registering_an_email_twice_is_refused_whatever_its_case()
    {
        var request = NewRegistration();
        await _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(request.Email)).Register(request);

        var again = request with { Email = "  " + request.Email.ToUpperInvariant() + " " };
        var result = await _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(again.Email)).Register(again);

        Assert.Equal(RegistrationOutcome.EmailTaken, result.Outcome);
        Assert.Null(result.Profile);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_create_exactly_one_account()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(email)).Register(NewRegistration(email))));

        Assert.Single(attempts, a => a.Outcome == RegistrationOutcome.Registered);
        Assert.Equal(7, attempts.Count(a => a.Outcome == RegistrationOutcome.EmailTaken));
    }

    [Fact]
    public async Task A_profile_can_be_read_and_renamed()
    {
        var request = NewRegistration();
        var id = (await _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(request.Email)).Register(request)).Profile!.Id;
        var user = _client.GetGrain<IUserGrain>(id);

        var renamed = await user.UpdateProfile(new UpdateProfile("Grace B. Hopper"));

        Assert.Equal("Grace B. Hopper", renamed?.Name);
        Assert.Equal("Grace B. Hopper", (await user.GetProfile())?.Name);
        Assert.Null(await _client.GetGrain<IUserGrain>(Guid.NewGuid()).GetProfile());
    }

    [Fact]
    public async Task Ensuring_an_admin_account_creates_it_then_keeps_one_account_with_the_role()
    {
        var request = NewRegistration();
        var directory = _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(request.Email));

        var first = await directory.EnsureAccount(request, ShopRoles.Admin);
        var second = await directory.EnsureAccount(request with { Password = "rotated-password" }, ShopRoles.Admin);

        Assert.Equal(first.Id, second.Id);
        Assert.Contains(ShopRoles.Admin, second.Roles);
        Assert.Null(await directory.Authenticate(request.Password));
        Assert.Contains(ShopRoles.Admin, (await directory.Authenticate("rotated-password"))!.Roles);
    }

    [Fact]
    public async Task Signing_up_with_a_taken_address_keeps_the_account_and_mails_the_owner_at_most_once_an_interval()
    {
        var owner = NewRegistration();
        var directory = _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(owner.Email));
        var profile = (await directory.Register(owner)).Profile!;

        var stranger = await directory.Register(owner with { Name = "Stranger", Password = "strangers-password" });

        Assert.Equal(RegistrationOutcome.EmailTaken, stranger.Outcome);
        Assert.Null(stranger.Profile);
        Assert.Equal(profile.Id, (await directory.Authenticate("s3cret-password"))?.UserId);
        Assert.Null(await directory.Authenticate("strangers-password"));
        var notices = await Eventually.Until(() => Task.FromResult(SignUpNoticesTo(owner.Email)), n => n.Length == 1, "the sign-up attempt e-mail");
        Assert.Contains("Grace Hopper", notices[0]);
        // Within the interval (1 hour) another attempt sends nothing: strangers cannot flood the inbox.
        Assert.False(await _client.GetGrain<Shop.Notifications.INotificationGrain>(profile.Id).NoticeSignUpAttempt());
        Assert.Single(SignUpNoticesTo(owner.Email));
    }

    [Fact]
    public async Task A_repeat_of_the_sign_up_attempt_that_created_the_account_is_that_registration_and_warns_nobody()
    {
        var attempt = NewRegistration() with { AttemptId = Guid.NewGuid() };
        var directory = _client.GetGrain<IUserDirectoryGrain>(EmailAddress.Normalize(attempt.Email));
        var first = await directory.Register(attempt);

        var repeat = await directory.Register(attempt);

        Assert.Equal(RegistrationOutcome.Registered, repeat.Outcome);
        Assert.Equal(first.Profile!.Id, repeat.Profile!.Id);
        // No notice went out to the owner (one sent within the hour would make this false) ...
        var notices = _client.GetGrain<Shop.Notifications.INotificationGrain>(first.Profile.Id);
        Assert.True(await notices.NoticeSignUpAttempt());
        // ... while another attempt at the same address, even with the same password, is a stranger's.
        var other = await directory.Register(attempt with { AttemptId = Guid.NewGuid() });
        Assert.Equal(RegistrationOutcome.EmailTaken, other.Outcome);
        Assert.Null(other.Profile);
    }

    private string[] SignUpNoticesTo(string email) => PickupMails.To(fixture.Shop.MailDirectory, email, "sign-up-attempt*.eml");
}
