using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Shop.Gateway.Auth;
using Shop.Gateway.Contract;
using Shop.Gateway.Errors;
using Shop.Gateway.Resilience;
using Shop.Gateway.RateLimiting;
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
        me.MapPost("/sessions/revoke-all", RevokeAllSessions).WithName("RevokeAllMySessions")
            .WithSummary("Sign out everywhere: end every session of the caller, this one included")
            .WithDescription("Every refresh token of the caller stops working; their access tokens are refused on this gateway from the next " +
                "call on, on other gateways within Shop:Auth:SessionCheckCacheDuration.");
        // Limited per client address like sign-in: it checks a password.
        me.MapPut("/password", ChangePassword).RequireRateLimiting(RateLimitSetup.LoginPolicy).WithName("ChangeMyPassword")
            .WithSummary("Change the caller's password (the current one is required); ends every session")
            .WithDescription("The new password follows the rules of the registration. Every session ends, this one included: sign in again.");
    }

    private static async Task<Ok<SessionsEndedResponse>> RevokeAllSessions(ClaimsPrincipal user, UsersService users, SessionCheck sessions)
    {
        var userId = user.UserId();
        var ended = await users.EndAllSessions(userId);
        sessions.EndedAll(userId);
        return TypedResults.Ok(new SessionsEndedResponse(ended));
    }

    private static async Task<Results<NoContent, ValidationProblem, NotFoundProblem, OutcomeUnknownProblem>> ChangePassword(
        ChangePasswordRequest body, ClaimsPrincipal user, UsersService users, SessionCheck sessions)
    {
        var errors = new ValidationErrors()
            .Require(body.CurrentPassword is { Length: > 0 and <= AccountEndpoints.MaxPasswordLength }, "currentPassword", "The current password is required.");
        AccountEndpoints.ValidateNewPassword(errors, "newPassword", body.NewPassword);
        if (errors.Any)
        {
            return errors.ToResult();
        }

        var userId = user.UserId();
        PasswordChangeOutcome outcome;
        try
        {
            outcome = await users.ChangePassword(userId, body.CurrentPassword!, body.NewPassword!);
        }
        catch (ServiceUnavailableException unavailable) when (unavailable.MayHaveHappened)
        {
            // Not retried (a repeat after a change that landed fails on the current password). If it
            // landed, every session ended: forget what this gateway remembers of them, so the client's
            // next call tells it.
            sessions.EndedAll(userId);
            return OutcomeUnknownProblem.PasswordChange("/api/users/me", unavailable.RetryAfter);
        }

        switch (outcome)
        {
            case PasswordChangeOutcome.Changed:
                sessions.EndedAll(userId);
                return TypedResults.NoContent();
            case PasswordChangeOutcome.WrongPassword:
                return new ValidationErrors().Add("currentPassword", "The current password is wrong.").ToResult();
            default:
                return NoAccount();
        }
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
