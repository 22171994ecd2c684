namespace AsnCat.Server.Data;

/// <summary>A peserta: one applicant to one formation.</summary>
public sealed class Candidate
{
    public int Id { get; set; }

    /// <summary>Nomor peserta, the login name at the terminal.</summary>
    public required string ParticipantNumber { get; set; }

    public required string Name { get; set; }

    /// <summary>Nomor Induk Kependudukan: 16 digits.</summary>
    public required string Nik { get; set; }

    public DateOnly BirthDate { get; set; }

    public int FormationId { get; set; }

    public Formation? Formation { get; set; }

    public CandidateCategory Category { get; set; }

    /// <summary>Minutes added to the blueprint's duration (e.g. 30 for blind candidates).</summary>
    public int ExtraMinutes { get; set; }

    public bool LargeFont { get; set; }

    public bool ScreenReader { get; set; }
}

/// <summary>The threshold category a candidate is judged under; stored as the threshold file's code.</summary>
public enum CandidateCategory
{
    Umum,
    Cumlaude,
    Diaspora,
    Disabilitas,
    Papua,
    DaerahTertinggal,

    /// <summary>PPPK's kebutuhan khusus: ranked without a threshold in pppk-2023.</summary>
    KebutuhanKhusus,
}

public static class CandidateCategories
{
    /// <summary>The category's code in threshold files (<c>daerah_tertinggal</c>).</summary>
    public static string Code(CandidateCategory category) => category switch
    {
        CandidateCategory.Umum => "umum",
        CandidateCategory.Cumlaude => "cumlaude",
        CandidateCategory.Diaspora => "diaspora",
        CandidateCategory.Disabilitas => "disabilitas",
        CandidateCategory.Papua => "papua",
        CandidateCategory.DaerahTertinggal => "daerah_tertinggal",
        CandidateCategory.KebutuhanKhusus => "kebutuhan_khusus",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    /// <summary>Every code, in the enum's order, for templates and error texts.</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. Enum.GetValues<CandidateCategory>().Select(Code)];

    public static bool TryParse(string code, out CandidateCategory category)
    {
        foreach (var c in Enum.GetValues<CandidateCategory>())
        {
            if (Code(c) == code)
            {
                category = c;
                return true;
            }
        }
        category = default;
        return false;
    }

    public static CandidateCategory Parse(string code) =>
        TryParse(code, out var c) ? c : throw new FormatException($"kategori peserta '{code}' tidak dikenal");
}
