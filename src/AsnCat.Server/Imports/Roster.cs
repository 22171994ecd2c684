using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Imports;

public sealed record FormationRow(string Code, string Agency, string Position, string Location, string Education, int Quota, int Candidates);

/// <summary>A candidate as the console lists them: the NIK masked (<see cref="Roster.MaskNik"/>).</summary>
public sealed record CandidateRow(
    string ParticipantNumber, string Name, string Nik, DateOnly BirthDate, string FormationCode, string Category, int ExtraMinutes, bool LargeFont, bool ScreenReader);

/// <summary>Up to <see cref="Roster.PageSize"/> candidates matching the search, and how many matched.</summary>
public sealed record CandidateList(int Total, IReadOnlyList<Candidate> Rows);

/// <summary>What was imported, as the console's formation and candidate pages and the API list it.</summary>
public sealed class Roster(IDbContextFactory<AsnCatDb> dbFactory)
{
    public const int PageSize = 500;

    public async Task<IReadOnlyList<FormationRow>> FormationsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Candidates.GroupBy(c => c.FormationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var formations = await db.Formations.AsNoTracking().OrderBy(f => f.Code).ToListAsync(ct);
        return [.. formations.Select(f => new FormationRow(f.Code, f.Agency, f.Position, f.Location, f.Education, f.Quota, counts.GetValueOrDefault(f.Id)))];
    }

    /// <summary>Candidates whose participant number, name or formation code contains <paramref name="search"/>, by participant number.</summary>
    public async Task<CandidateList> CandidatesAsync(string? search, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Candidates.AsNoTracking().Include(c => c.Formation).AsQueryable();
        var text = search?.Trim() ?? "";
        if (text.Length > 0)
        {
            q = q.Where(c => c.ParticipantNumber.Contains(text) || c.Name.Contains(text) || c.Formation!.Code.Contains(text));
        }
        return new CandidateList(await q.CountAsync(ct), await q.OrderBy(c => c.ParticipantNumber).Take(PageSize).ToListAsync(ct));
    }

    /// <summary>The NIK is personal data: the console and the API show only its first 4 and last 2 digits.</summary>
    public static string MaskNik(string nik)
    {
        ArgumentNullException.ThrowIfNull(nik);
        return nik.Length <= 6 ? new string('•', nik.Length) : nik[..4] + new string('•', nik.Length - 6) + nik[^2..];
    }

    public static CandidateRow Row(Candidate c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.ParticipantNumber, c.Name, MaskNik(c.Nik), c.BirthDate, c.Formation?.Code ?? "", CandidateCategories.Code(c.Category), c.ExtraMinutes, c.LargeFont, c.ScreenReader);
    }
}
