using System.Security.Claims;
using AsnCat.Server.Identity;
namespace AsnCat.Server.Console;

/// <summary>
/// Which sessions a staff user may see and act on: admins and committee members all of them;
/// a proctor only the sessions at the venues on their account.
/// </summary>
/// <param name="CanManage">Admin or committee: schedules and ends sessions, assigns candidates, and sees every venue.</param>
public sealed record StaffScope(string UserName, IReadOnlySet<string> Venues, bool CanManage)
{
    /// <summary>Where the user acts from (the request's remote address, after the trusted-proxy rule of <c>Network</c>); written to every audit entry.</summary>
    public string? Address { get; init; }

    /// <summary>The scope of a request's user, from the request's remote address (the API).</summary>
    public static StaffScope Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return Of(http.User) with { Address = http.Connection.RemoteIpAddress?.ToString() };
    }

    public static StaffScope Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var manage = user.IsInRole(StaffRoles.Admin) || user.IsInRole(StaffRoles.Panitia);
        var venues = user.FindAll(StaffClaims.Venue).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new StaffScope(user.Identity?.Name ?? "?", venues, manage);
    }

    public bool Sees(string venue) => CanManage || Venues.Contains(venue);
}
