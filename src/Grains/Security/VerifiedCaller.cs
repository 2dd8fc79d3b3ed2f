namespace Shop.Grains.Security;

/// <summary>
/// Who is calling a grain, as established by <see cref="CallAuthorizationFilter"/>: the calling
/// service (from a verified token) or grain type (an in-cluster call), and the user the call is
/// made for, if any. Grains read <see cref="Current"/> for their object-level checks.
/// </summary>
public sealed record VerifiedCaller(string Subject, Guid? UserId, IReadOnlyList<string> Roles)
{
    private static readonly AsyncLocal<VerifiedCaller?> CurrentCaller = new();

    /// <summary>The caller of the grain call being executed; null when authorization is disabled.</summary>
    public static VerifiedCaller? Current
    {
        get => CurrentCaller.Value;
        internal set => CurrentCaller.Value = value;
    }

    public bool IsAdmin => Roles.Contains(ShopRoles.Admin);

    /// <summary>
    /// True when this call may touch data owned by <paramref name="owner"/>: the owner themself, an
    /// admin, or an in-cluster call made for no user (the saga, reminders, consumers).
    /// </summary>
    public static bool MayAccess(Guid owner) => Current is not { } caller || caller switch
    {
        { UserId: { } user } => user == owner || caller.IsAdmin,
        _ => caller.Subject.StartsWith(CallerKinds.GrainPrefix, StringComparison.Ordinal),
    };
}

public static class CallerKinds
{
    public const string ServicePrefix = "service:";
    public const string GrainPrefix = "grain:";
    /// <summary>Callers with no identity at all; the policy may allow them only explicitly.</summary>
    public const string Anonymous = "anonymous";
}
