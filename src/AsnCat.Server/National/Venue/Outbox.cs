using System.Text.Json;
using AsnCat.Contracts.Live;
using AsnCat.Server.Data;
using AsnCat.Server.Results;
using AsnCat.Tool.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// Puts what goes up into <see cref="SyncOutbox"/>, committed before anything is sent: a session's
/// board (replacing the one still waiting for that session, so a long outage leaves one board per
/// session, the newest), and each result bundle the ledger wrote for a session of the centre's,
/// its exact bytes read back from the file whose hash the session records.
/// </summary>
public sealed partial class Outbox(
    IDbContextFactory<AsnCatDb> dbFactory, IOptions<ResultsOptions> results, IHostEnvironment environment, TimeProvider time, ILogger<Outbox> logger)
{
    public async Task EnqueueBoardAsync(LiveBoard board, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(board);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(board, JsonSerializerOptions.Web);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<SyncOutbox>().Where(o => o.Kind == SyncOutbox.ProgressKind && o.SessionCode == board.Subject && o.SentAt == null).ExecuteDeleteAsync(ct);
        db.Set<SyncOutbox>().Add(Row(SyncOutbox.ProgressKind, board.Subject, bytes, VenueSignatures.Sha256(bytes)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Every written bundle of a centre's session not queued yet (by its hash), in the order the sessions ended.</summary>
    public async Task<int> EnqueueWrittenBundlesAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var fromCentre = db.Set<SyncPackage>().Where(p => p.Status == SyncPackage.Applied).Select(p => p.SessionCode);
        var queued = db.Set<SyncOutbox>().Where(o => o.Kind == SyncOutbox.BundleKind).Select(o => o.Sha256);
        var written = await db.ExamSessions.AsNoTracking()
            .Where(s => s.State == SessionState.Ended && s.BundleSha256 != null && fromCentre.Contains(s.Code) && !queued.Contains(s.BundleSha256))
            .OrderBy(s => s.EndedAt).ThenBy(s => s.Id)
            .Select(s => new { s.Code, s.BundleSha256 })
            .ToListAsync(ct);
        var directory = results.Value.ResolveBundleDirectory(environment.ContentRootPath);
        var added = 0;
        foreach (var session in written)
        {
            var path = Path.Combine(directory, ResultBundle.FileName(session.Code, false));
            var bytes = File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
            var sha = bytes is null ? null : VenueSignatures.Sha256(bytes);
            if (bytes is null || sha != session.BundleSha256)
            {
                // being rewritten (a new head after a disqualification): the next round reads the new file and its hash
                LogBundleNotReady(logger, session.Code, path);
                continue;
            }
            db.Set<SyncOutbox>().Add(Row(SyncOutbox.BundleKind, session.Code, bytes, session.BundleSha256!));
            await db.SaveChangesAsync(ct);
            LogBundleQueued(logger, session.Code, session.BundleSha256!, bytes.Length);
            added++;
        }
        return added;
    }

    private SyncOutbox Row(string kind, string session, byte[] bytes, string sha) => new()
    {
        Kind = kind,
        SessionCode = session,
        Payload = bytes,
        Sha256 = sha,
        CreatedAt = time.GetUtcNow(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Bundel sesi {SessionCode} (sha256 {Sha256}, {Bytes} byte) masuk antrean kirim ke pusat")]
    private static partial void LogBundleQueued(ILogger logger, string sessionCode, string sha256, int bytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bundel sesi {SessionCode} di {Path} belum cocok dengan hash sesi; dibaca lagi pada putaran berikutnya")]
    private static partial void LogBundleNotReady(ILogger logger, string sessionCode, string path);
}
