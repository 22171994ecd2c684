using Microsoft.AspNetCore.Identity;

namespace AsnCat.Server.Data;

/// <summary>A staff account: admin, committee (panitia) or proctor (pengawas). Candidates are not users.</summary>
public sealed class StaffUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Set for a one-time password: every staff endpoint but change-password and logout refuses until changed.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>The venue codes a proctor supervises (empty for admin and committee: all venues).</summary>
    public IList<string> Venues { get; init; } = [];
}
