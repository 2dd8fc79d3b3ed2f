namespace Shop.Users;

/// <summary>
/// A sign-in session to open: the gateway draws the session id and the refresh token, and hands the
/// cluster only the token's SHA-256 hash (the token itself is never sent to or stored by the cluster).
/// </summary>
[GenerateSerializer, Immutable, Alias("Shop.Users.NewSession")]
public sealed record NewSession(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] byte[] RefreshTokenHash,
    [property: Id(2)] TimeSpan Lifetime,
    [property: Id(3)] int MaxSessions);

/// <summary>A refresh: the presented token's hash, and the hash of the token that replaces it.</summary>
[GenerateSerializer, Immutable, Alias("Shop.Users.SessionRefresh")]
public sealed record SessionRefresh(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] byte[] PresentedHash,
    [property: Id(2)] byte[] NextHash,
    [property: Id(3)] TimeSpan Lifetime);

[GenerateSerializer, Alias("Shop.Users.RefreshOutcome")]
public enum RefreshOutcome
{
    /// <summary>The token was the session's current one: it is used up and replaced by the next.</summary>
    Rotated = 0,
    /// <summary>No such session (never opened, signed out, revoked, or dropped as the oldest).</summary>
    UnknownSession = 1,
    /// <summary>The session outlived its refresh lifetime; it is ended.</summary>
    Expired = 2,
    /// <summary>An already used token of the session: someone replays it, so the whole session is ended (RFC 9700 4.14.2).</summary>
    ReuseDetected = 3,
    /// <summary>Neither the current nor a recently used token of the session; the session is left alone.</summary>
    WrongToken = 4,
}

[GenerateSerializer, Immutable, Alias("Shop.Users.RefreshResult")]
public sealed record RefreshResult(
    [property: Id(0)] RefreshOutcome Outcome,
    [property: Id(1)] AuthenticatedUser? User);

[GenerateSerializer, Alias("Shop.Users.PasswordChangeOutcome")]
public enum PasswordChangeOutcome
{
    Changed = 0,
    WrongPassword = 1,
    NoAccount = 2,
}
