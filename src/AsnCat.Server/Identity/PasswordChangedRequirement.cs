using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AsnCat.Server.Identity;

/// <summary>Part of every role policy: a user still holding a one-time password is refused.</summary>
public sealed class PasswordChangedRequirement : AuthorizationHandler<PasswordChangedRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PasswordChangedRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity?.IsAuthenticated == true && !context.User.HasClaim(c => c.Type == StaffClaims.MustChangePassword))
        {
            context.Succeed(requirement);
        }
        // else left unmet, so it is named in the failure's FailedRequirements
        return Task.CompletedTask;
    }
}

/// <summary>Sends a page request refused only for an unchanged one-time password to the change-password page.</summary>
internal sealed class StaffAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden
            && !StaffPaths.IsApi(context.Request.Path)
            && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<PasswordChangedRequirement>().Any() == true)
        {
            context.Response.Redirect(StaffPaths.ChangePassword);
            return Task.CompletedTask;
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
