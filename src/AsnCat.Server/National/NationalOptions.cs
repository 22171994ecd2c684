namespace AsnCat.Server.National;

/// <summary>
/// The <c>National</c> section. The centre is the <c>pusat</c> role (<c>AsnCat:Role</c>); a venue is
/// a server that runs exams and names its centre here. Empty <see cref="CentreUrl"/>: a standalone
/// venue, as before (nothing is pulled or sent).
/// </summary>
public sealed class NationalOptions
{
    public const string Section = "National";

    /// <summary>The centre's base address, e.g. <c>https://pusat.example.go.id/</c>; empty for a standalone server.</summary>
    public Uri? CentreUrl { get; set; }

    /// <summary>This venue's code as the centre registered it (e.g. <c>LOK-MKS-01</c>).</summary>
    public string? VenueCode { get; set; }

    /// <summary>Where the venue keeps its key pair and credential (relative to the content root).</summary>
    public string IdentityDirectory { get; set; } = "data/venue";

    /// <summary>How often the venue asks for new packages.</summary>
    public TimeSpan PullEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the venue sends its boards up while the link is up.</summary>
    public TimeSpan ProgressEvery { get; set; } = TimeSpan.FromSeconds(1);

    public bool IsVenue => CentreUrl is not null;
}
