namespace Shop.Grains.Users;

[GenerateSerializer, Alias("Shop.Grains.Users.UserDirectoryState")]
public sealed class UserDirectoryState
{
    /// <summary>The user that owns this e-mail address, once claimed.</summary>
    [Id(0)] public Guid? UserId { get; set; }
}
