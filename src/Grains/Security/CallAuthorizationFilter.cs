using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Shop.Security;

namespace Shop.Grains.Security;

/// <summary>
/// Zero trust inside the cluster: every call into a shop grain is attributed to a verified caller and
/// checked against the <see cref="AuthorizationPolicy"/>; default deny. A call from another grain is
/// attributed to that grain's type; any other call (a client such as the gateway) must carry a valid
/// service token in RequestContext. A token that flowed along with a call also tells the grains which
/// user the call is for (<see cref="VerifiedCaller.Current"/>), for their object-level checks.
/// Orleans' own system calls (membership, streams, reminders) are outside the policy's scope.
/// </summary>
public sealed class CallAuthorizationFilter(
    AuthorizationPolicy policy,
    ServiceTokenValidator tokens,
    ShopMetrics metrics,
    ILogger<CallAuthorizationFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var target = context.InterfaceMethod?.DeclaringType;
        if (target?.Namespace is null || !target.Namespace.StartsWith("Shop.", StringComparison.Ordinal))
        {
            await context.Invoke();
            return;
        }

        var (fromToken, failure) = await tokens.Validate(RequestContext.Get(ServiceIdentity.RequestContextKey) as string);
        var caller = context.SourceId is { } source && IsGrain(source)
            ? new VerifiedCaller(CallerKinds.GrainPrefix + source.Type, fromToken?.UserId, fromToken?.Roles ?? [])
            : fromToken ?? new VerifiedCaller(CallerKinds.Anonymous, null, []);

        var method = context.InterfaceMethod!.Name;
        if (!policy.Allows(caller.Subject, target.FullName!, method))
        {
            metrics.Denials.Add(1, new TagList { { "caller", caller.Subject }, { "target", $"{target.Name}.{method}" } });
            logger.LogWarning("DENIED {Caller} -> {Interface}.{Method} on {Target}{Reason}",
                caller.Subject, target.Name, method, context.TargetId, failure is null ? "" : $" ({failure})");
            throw new CallDeniedException($"{caller.Subject} may not call {target.Name}.{method}.");
        }

        VerifiedCaller.Current = caller;
        await context.Invoke();
    }

    private static bool IsGrain(GrainId source) => !GrainTypePrefix.IsClient(source) && !GrainTypePrefix.IsSystemTarget(source);
}
