using AsnCat.Server.Identity;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
namespace AsnCat.Server.Hosting;

/// <summary>
/// Hangfire's own gate on its dashboard: only a signed-in user who meets the
/// <see cref="StaffPolicies.Admin"/> policy (admin role, password changed). The endpoint also
/// requires that policy, so this is a second lock on the same door, not the only one.
/// </summary>
public sealed class AdminDashboardFilter : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return false;
        }
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(http.User, StaffPolicies.Admin)).Succeeded;
    }
}
