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
    /// <summary>The open sign-in sessions, oldest first (added in issue 17; state stored before has none).</summary>
    [Id(6)] public List<SessionRecord> Sessions { get; set; } = [];
}

/// <summary>One sign-in session: its refresh token only as a SHA-256 hash, and the hashes of the tokens it used up.</summary>
[GenerateSerializer, Alias("Shop.Grains.Users.SessionRecord")]
public sealed class SessionRecord
{
    [Id(0)] public Guid Id { get; set; }
    [Id(1)] public byte[] TokenHash { get; set; } = [];
    /// <summary>The most recent used-up tokens' hashes (at most <see cref="UserGrain.UsedTokensKept"/>), for reuse detection.</summary>
    [Id(2)] public List<byte[]> UsedHashes { get; set; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }
}
