namespace Shop.Security;

/// <summary>
/// The signed service token every call into the cluster carries (in Orleans' RequestContext): who is
/// calling (the service), and for whom (the user and roles), signed with the caller's ECDSA P-256 key.
/// Silos hold only public keys.
/// </summary>
public static class ServiceIdentity
{
    /// <summary>The RequestContext key of the token.</summary>
    public const string RequestContextKey = "shop.identity";

    /// <summary>The audience every service token names.</summary>
    public const string Audience = "orleans-shop-cluster";

    public const string GatewayService = "gateway";
}

/// <summary>A grain call refused by the cluster's authorization policy or an object-level check.</summary>
[GenerateSerializer, Alias("Shop.Security.CallDeniedException")]
public sealed class CallDeniedException : Exception
{
    public CallDeniedException(string message) : base(message) { }
}
