namespace AsnCat.Server.Data;

/// <summary>A formasi: one position at one agency and location, with a quota.</summary>
public sealed class Formation
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public required string Agency { get; set; }

    public required string Position { get; set; }

    public required string Location { get; set; }

    public int Quota { get; set; }

    /// <summary>The required education qualification (kualifikasi pendidikan).</summary>
    public required string Education { get; set; }
}
