using System.Security.Claims;

namespace Shop.Gateway.Auth;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The user id in the token's "sub" claim. Routes that call this require an authenticated user.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id)
            ? id
            : throw new InvalidOperationException("The token has no user id; authentication should have refused it.");

    /// <summary>The session id in the token's "sid" claim (the gateway's own tokens always carry one).</summary>
    public static Guid SessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(TokenIssuer.SessionClaim), out var id)
            ? id
            : throw new InvalidOperationException("The token names no session; authentication should have refused it.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(ShopRoles.Admin);
}
