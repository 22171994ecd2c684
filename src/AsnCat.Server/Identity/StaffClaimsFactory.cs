using System.Security.Claims;
using AsnCat.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Identity;

/// <summary>Puts display name, venues and the must-change-password flag into the staff cookie.</summary>
internal sealed class StaffClaimsFactory(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(StaffClaims.DisplayName, user.DisplayName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(StaffClaims.MustChangePassword, "true"));
        }
        foreach (var venue in user.Venues)
        {
            identity.AddClaim(new Claim(StaffClaims.Venue, venue));
        }
        return identity;
    }
}
