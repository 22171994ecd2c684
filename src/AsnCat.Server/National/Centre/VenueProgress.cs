using System.Collections.Concurrent;
using AsnCat.Contracts.Live;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.National.Centre;

/// <summary>
/// Progress sent up by venues: idempotent by (venue, seq) in the database (a batch at or below the
/// last accepted one changes nothing), and the newest board of each of the venue's sessions kept on
/// this node. A board is kept only for a session of the sending venue (by code).
/// </summary>
public sealed class VenueProgress(IDbContextFactory<AsnCatDb> dbs)
{
    private readonly ConcurrentDictionary<string, LiveBoard> _boards = new(StringComparer.Ordinal);

    /// <summary>The newest board a venue sent for the session, or null.</summary>
    public LiveBoard? Latest(string sessionCode) => _boards.GetValueOrDefault(sessionCode);

    /// <summary>The last accepted seq, and whether this batch was the one accepted.</summary>
    public async Task<(long AcceptedSeq, bool Applied)> ReceiveAsync(int venueId, ProgressBatch batch, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        // one conditional update: two nodes receiving the same or crossing batches apply each seq once
        var applied = await db.NationalVenues.Where(v => v.Id == venueId && v.ProgressSeq < batch.Seq)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.ProgressSeq, batch.Seq), ct) == 1;
        if (applied)
        {
            var mine = await db.ExamSessions.Where(s => s.NationalVenueId == venueId).Select(s => s.Code).ToListAsync(ct);
            foreach (var board in batch.Boards.Where(b => b.Kind == LiveBoard.SessionKind && mine.Contains(b.Subject)))
            {
                _boards.AddOrUpdate(board.Subject, board, (_, old) => old.BuiltAt > board.BuiltAt ? old : board);
            }
            return (batch.Seq, true);
        }
        return (await db.NationalVenues.Where(v => v.Id == venueId).Select(v => v.ProgressSeq).SingleAsync(ct), false);
    }
}
