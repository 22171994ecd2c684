using AsnCat.Server.Data;
using AsnCat.Server.Results;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Publishing;

/// <summary>A table ready to publish, or why there is none (Indonesian, for the screen and the API).</summary>
public sealed record PublicationDraft(PublishedTable? Table, string? Error, bool NotFound = false);

/// <summary>
/// What the committee is about to publish, by kind and subject: a session's table (subject: the
/// session code), a formation's SKD ranking or its final SKD+SKB ranking (subject: the formation
/// code). The console's publication page and the API both ask here.
/// </summary>
public sealed class PublicationDrafts(IDbContextFactory<AsnCatDb> dbFactory, Publisher publisher, FinalStandings final)
{
    public async Task<PublicationDraft> DraftAsync(string kind, string subject, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!PublicationKinds.All.Contains(kind))
        {
            return new(null, $"Jenis publikasi '{kind}' tidak dikenal: pilih {string.Join(", ", PublicationKinds.All)}.");
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
