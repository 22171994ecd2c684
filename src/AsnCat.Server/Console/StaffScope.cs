using System.Security.Claims;
using AsnCat.Server.Identity;
using AsnCat.Server.Network;
namespace AsnCat.Server.Console;

/// <summary>
/// Which sessions a staff user may see and act on: admins and committee members all of them;
/// a proctor only the sessions at the venues on their account.
/// </summary>
/// <param name="CanManage">Admin or committee: schedules and ends sessions, assigns candidates, and sees every venue.</param>
/// <param name="Address">The staff user's browser address (<see cref="CircuitAddress"/>), written into every audit entry of their actions.</param>
public sealed record StaffScope(string UserName, IReadOnlySet<string> Venues, bool CanManage, string? Address = null)
{
    /// <summary>The scope of a request's user, from the request's remote address (the API; already past the trusted-proxy rule of <c>Network</c>).</summary>
    public static StaffScope Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Of(http.User, http.ClientAddress());
    }

    public static StaffScope Of(ClaimsPrincipal user, string? address = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var manage = user.IsInRole(StaffRoles.Admin) || user.IsInRole(StaffRoles.Panitia);
        var venues = user.FindAll(StaffClaims.Venue).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new StaffScope(user.Identity?.Name ?? "?", venues, manage, address);
    }

    public bool Sees(string venue) => CanManage || Venues.Contains(venue);
}
