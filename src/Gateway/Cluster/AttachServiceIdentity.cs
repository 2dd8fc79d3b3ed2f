using System.Security.Claims;
using Shop.Security;

namespace Shop.Gateway.Cluster;

/// <summary>
/// Puts this gateway's signed service token, for the user of the current HTTP request if any, into
/// the RequestContext of every grain call, where the silos' authorization filter verifies it.
/// </summary>
public sealed class AttachServiceIdentity(ServiceTokenIssuer issuer, IHttpContextAccessor http) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var user = http.HttpContext?.User;
        var userId = Guid.TryParse(user?.FindFirstValue("sub"), out var id) && user!.Identity?.IsAuthenticated == true ? id : (Guid?)null;
        var roles = userId is null ? [] : user!.FindAll("role").Select(c => c.Value).ToArray();
        RequestContext.Set(ServiceIdentity.RequestContextKey, issuer.TokenFor(userId, roles));
        await context.Invoke();
    }
}
