using System.ComponentModel.DataAnnotations;

namespace AsnCat.Server.Identity;

/// <summary>The <c>Staff</c> section: the per-address budget of failed staff logins.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>Failed staff logins one address may make within the window (a venue behind one NAT shares it).</summary>
    [Range(1, 1_000_000)]
    public int LoginFailuresPerAddress { get; set; } = 30;

    [Range(1, 24 * 60)]
    public int LoginWindowMinutes { get; set; } = 15;
}
