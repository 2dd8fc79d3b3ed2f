namespace Shop.Grains.Users;

[GenerateSerializer, Alias("Shop.Grains.Users.UserDirectoryState")]
public sealed class UserDirectoryState
{
    /// <summary>The user that owns this e-mail address, once claimed.</summary>
    [Id(0)] public Guid? UserId { get; set; }

    /// <summary>
    /// The sign-up attempt (<see cref="Shop.Users.RegisterUser.AttemptId"/>) whose account this is, so that its
    /// repeat is recognised. Empty for accounts stored before it existed, and for the admin account.
    /// </summary>
    [Id(1)] public Guid ClaimedBy { get; set; }
}
