using System.Security.Claims;
using Shop.Gateway.Http;
using Shop.Gateway.Resilience;
using Shop.Notifications;
using Shop.Users;

namespace Shop.Gateway.Endpoints;

/// <summary>The caller's own profile and e-mails. The user id always comes from the token, never from the URL.</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/users/me").WithTags("Users").RequireAuthorization();
        me.MapGet("", GetMe).Produces<UserResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPut("", UpdateMe).Accepts<UpdateProfileRequest>("application/json").Produces<UserResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        me.MapGet("/notifications", GetNotifications).Produces<NotificationResponse[]>();
    }

    private static async Task<IResult> GetMe(ClaimsPrincipal user, IClusterClient cluster, ClusterCalls calls) =>
        await ReadProfile(user.UserId(), cluster, calls) is { } profile
            ? TypedResults.Ok(profile.ToResponse())
            : Problems.NotFound("This account does not exist.");

    /// <summary>The profile, with the last good answer as fallback (the dashboard shares it).</summary>
    internal static Task<UserProfile?> ReadProfile(Guid userId, IClusterClient cluster, ClusterCalls calls) =>
        calls.Read(DownstreamService.Users, $"user:{userId}", () => cluster.GetGrain<IUserGrain>(userId).GetProfile());

    private static async Task<IResult> UpdateMe(UpdateProfileRequest body, ClaimsPrincipal user, IClusterClient cluster, ClusterCalls calls)
    {
        var errors = new ValidationErrors();
        AccountEndpoints.ValidateName(errors, body.Name);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        return await calls.Call(DownstreamService.Users, () => cluster.GetGrain<IUserGrain>(user.UserId()).UpdateProfile(new UpdateProfile(body.Name!.Trim()))) is { } profile
            ? TypedResults.Ok(profile.ToResponse())
            : Problems.NotFound("This account does not exist.");
    }

    private static async Task<IResult> GetNotifications(ClaimsPrincipal user, IClusterClient cluster, ClusterCalls calls)
    {
        var userId = user.UserId();
        var sent = await calls.Read(DownstreamService.Notifications, $"notifications:{userId}", () => cluster.GetGrain<INotificationGrain>(userId).GetAll());
        return TypedResults.Ok(sent.Select(n => n.ToResponse()).ToArray());
    }
}
