using System.Security.Claims;
using Shop.Gateway.Http;
using Shop.Notifications;
using Shop.Users;

namespace Shop.Gateway.Endpoints;

/// <summary>The caller's own profile and e-mails. The user id always comes from the token, never from the URL.</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/users/me").WithTags("Users").RequireAuthorization();
        me.MapGet("", GetMe);
        me.MapPut("", UpdateMe);
        me.MapGet("/notifications", GetNotifications);
    }

    private static async Task<IResult> GetMe(ClaimsPrincipal user, IClusterClient cluster) =>
        await cluster.GetGrain<IUserGrain>(user.UserId()).GetProfile() is { } profile
            ? TypedResults.Ok(profile.ToResponse())
            : Problems.NotFound("This account does not exist.");

    private static async Task<IResult> UpdateMe(UpdateProfileRequest body, ClaimsPrincipal user, IClusterClient cluster)
    {
        var errors = new ValidationErrors();
        AccountEndpoints.ValidateName(errors, body.Name);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        return await cluster.GetGrain<IUserGrain>(user.UserId()).UpdateProfile(new UpdateProfile(body.Name!.Trim())) is { } profile
            ? TypedResults.Ok(profile.ToResponse())
            : Problems.NotFound("This account does not exist.");
    }

    private static async Task<IResult> GetNotifications(ClaimsPrincipal user, IClusterClient cluster)
    {
        var sent = await cluster.GetGrain<INotificationGrain>(user.UserId()).GetAll();
        return TypedResults.Ok(sent.Select(n => n.ToResponse()).ToArray());
    }
}
