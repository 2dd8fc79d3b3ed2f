using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Gateway.Auth;
using Shop.Gateway.Contract;
using Shop.Gateway.Errors;
using Shop.Gateway.Services;
using Shop.Users;

namespace Shop.Gateway.Endpoints;

/// <summary>The caller's own profile and e-mails. The user id always comes from the token, never from the URL.</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/users/me").WithTags("Users").RequireAuthorization();
        me.MapGet("", GetMe).WithName("GetMyProfile").WithSummary("The caller's profile");
        me.MapPut("", UpdateMe).WithName("UpdateMyProfile").WithSummary("Change the caller's display name");
        me.MapGet("/notifications", GetNotifications).WithName("ListMyNotifications").WithSummary("The e-mails the shop sent the caller");
    }

    private static async Task<Results<Ok<UserResponse>, NotFoundProblem>> GetMe(ClaimsPrincipal user, UsersService users) =>
        await users.Profile(user.UserId()) is { } profile ? TypedResults.Ok(profile.ToResponse()) : NoAccount();

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, NotFoundProblem>> UpdateMe(
        UpdateProfileRequest body, ClaimsPrincipal user, UsersService users)
    {
        var errors = new ValidationErrors();
        AccountEndpoints.ValidateName(errors, body.Name);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        return await users.UpdateProfile(user.UserId(), new UpdateProfile(body.Name!.Trim())) is { } profile
            ? TypedResults.Ok(profile.ToResponse())
            : NoAccount();
    }

    private static async Task<Ok<NotificationResponse[]>> GetNotifications(ClaimsPrincipal user, NotificationsService notifications) =>
        TypedResults.Ok((await notifications.Sent(user.UserId())).Select(n => n.ToResponse()).ToArray());

    private static NotFoundProblem NoAccount() => new("This account does not exist.");
}
