using AsnCat.Server.Data;
using AsnCat.Server.Results;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Publishing;

/// <summary>A table ready to publish, or why there is none (Indonesian, for the screen and the API).</summary>
public sealed record PublicationDraft(PublishedTable? Table, string? Error, bool NotFound = false);

/// <summary>
/// The table of a kind that another feature builds (the national ranking, <c>National/Ranking</c>,
/// which Publishing does not import), drafted for the same console page and API as the others.
/// </summary>
public interface IPublicationSource
{
    /// <summary>The <see cref="PublicationKinds"/> value this source drafts.</summary>
    string Kind { get; }

    Task<PublicationDraft> DraftAsync(string subject, CancellationToken ct = default);
}

/// <summary>
/// What the committee is about to publish, by kind and subject: a session's table (subject: the
/// session code), a formation's SKD ranking or its final SKD+SKB ranking (subject: the formation
/// code), or a kind another feature drafts (<see cref="IPublicationSource"/>: the national ranking).
/// The console's publication page and the API both ask here.
/// </summary>
public sealed class PublicationDrafts(IDbContextFactory<AsnCatDb> dbFactory, Publisher publisher, FinalStandings final, IEnumerable<IPublicationSource> sources)
{
    public async Task<PublicationDraft> DraftAsync(string kind, string subject, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!PublicationKinds.All.Contains(kind))
        {
            return new(null, $"Jenis publikasi '{kind}' tidak dikenal: pilih {string.Join(", ", PublicationKinds.All)}.");
        }
        if (sources.FirstOrDefault(s => s.Kind == kind) is { } source)
        {
            return await source.DraftAsync(subject, ct);
        }
        if (kind == PublicationKinds.National)
        {
            return new(null, "Peringkat nasional tidak disusun di server ini: publikasikan dari server pusat.");
        }
        try
        {
            PublishedTable? table;
            if (kind == PublicationKinds.Session)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var id = await db.ExamSessions.Where(s => s.Code == subject).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct);
                table = id is null ? null : await publisher.SessionTableAsync(id.Value, ct);
            }
            else
            {
                table = kind == PublicationKinds.Final ? await final.TableAsync(subject, ct) : await publisher.FormationTableAsync(subject, ct);
            }
            return table switch
            {
                null => new(null, $"{subject} tidak ditemukan.", NotFound: true),
                { Kind: PublicationKinds.Final, Rows.Count: 0 } => new(null, $"{subject}: belum ada nilai SKB. Impor nilai SKB di menu Nilai SKB lebih dahulu."),
                _ => new(table, null),
            };
        }
        catch (StandingsException e)
        {
            return new(null, e.Message);
        }
    }
}
