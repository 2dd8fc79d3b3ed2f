namespace Shop.Grains.Users;

[GenerateSerializer, Alias("Shop.Grains.Users.UserState")]
public sealed class UserState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Email { get; set; } = "";
    [Id(2)] public string Name { get; set; } = "";
    /// <summary>ASP.NET Core Identity's PBKDF2 hash: the password itself is never stored.</summary>
    [Id(3)] public string PasswordHash { get; set; } = "";
    [Id(4)] public List<string> Roles { get; set; } = [];
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
}
