using AsnCat.Server.Data;
using AsnCat.Server.Results;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Ledger;

/// <summary>
/// Writes an ended session's result bundle and ledger: <c>&lt;code&gt;.json</c> (no keys) in
/// <see cref="ResultsOptions.BundleDirectory"/>, and with <c>includeKeys</c> also
/// <c>&lt;code&gt;.kunci.json</c> (the committee's publication, with answer keys and TKP weights).
/// Stores the ledger head in <c>ExamSession.LedgerHead</c> and the SHA-256 of the keyless file in
/// <c>ExamSession.BundleSha256</c>, and records <c>session.ledger_written</c> in the audit log
/// (head, record count, the files' hashes, and the previous head when it changed, e.g. after a
/// disqualification). Reentrant: a second run over unchanged data writes the same bytes. At the
/// centre, a venue's session keeps the bundle and head intake accepted (what the national
/// publication names); only the keyed copy is written for it.
/// </summary>
public sealed partial class WriteBundleJob(
    ResultBundles bundles, IDbContextFactory<AsnCatDb> dbFactory, IOptions<ResultsOptions> options, IHostEnvironment environment,
    TimeProvider time, ILogger<WriteBundleJob> logger)
{
    /// <summary>Queues the bundle of an ended session (with keys for the committee's publication); returns the job id.</summary>
    public static string Enqueue(IBackgroundJobClient jobs, int sessionId, bool includeKeys)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return jobs.Enqueue<WriteBundleJob>(j => j.RunAsync(sessionId, includeKeys));
    }

    public string BundleDirectory => options.Value.ResolveBundleDirectory(environment.ContentRootPath);

    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task RunAsync(int sessionId, bool includeKeys)
    {
        var ct = CancellationToken.None;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.ExamSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            LogNoSession(logger, sessionId);
            return;
        }
        if (session.State != SessionState.Ended)
        {
            LogNotEnded(logger, session.Code, session.State);
            return;
        }
        if (session.NationalVenueId is not null && session.BundleSha256 is not null)
        {
            // a venue's session at the centre: its bundle and head are the ones intake accepted from the
            // venue and the national publication names; only the committee's keyed copy is written
            if (includeKeys)
            {
                var (_, venueKeyed) = await ResultBundles.WriteAsync(BundleDirectory, (await bundles.BuildAsync(sessionId, includeKeys: true, ct))!, ct);
                await AuditLog.WriteAsync(dbFactory, time, "system", null, AuditActions.Session.LedgerWritten, $"session:{sessionId}",
                    new { head = session.LedgerHead, keyedBundleSha256 = venueKeyed, venueBundleSha256 = session.BundleSha256 }, ct);
            }
            return;
        }
        var bundle = (await bundles.BuildAsync(sessionId, includeKeys: false, ct))!;
        var directory = BundleDirectory;
        var (path, sha) = await ResultBundles.WriteAsync(directory, bundle, ct);
        string? keyedSha = null;
        if (includeKeys)
        {
            var keyed = (await bundles.BuildAsync(sessionId, includeKeys: true, ct))!;
            (_, keyedSha) = await ResultBundles.WriteAsync(directory, keyed, ct);
        }

        var previous = session.LedgerHead;
        var changed = previous != bundle.Ledger.Head || session.BundleSha256 != sha;
        session.LedgerHead = bundle.Ledger.Head;
        session.BundleSha256 = sha;
        await db.SaveChangesAsync(ct);
        if (previous is not null && previous != bundle.Ledger.Head)
        {
            LogHeadChanged(logger, session.Code, previous, bundle.Ledger.Head);
        }
        if (changed || includeKeys)
        {
            await AuditLog.WriteAsync(dbFactory, time, "system", null, AuditActions.Session.LedgerWritten, $"session:{sessionId}",
                new
                {
                    head = bundle.Ledger.Head,
                    records = bundle.Ledger.Records,
                    previousHead = previous != bundle.Ledger.Head ? previous : null,
                    bundleSha256 = sha,
                    keyedBundleSha256 = keyedSha,
                }, ct);
        }
        LogWritten(logger, session.Code, bundle.Ledger.Records, bundle.Ledger.Head, path, sha);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write bundle: session {SessionId} not found")]
    private static partial void LogNoSession(ILogger logger, int sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write bundle: session {SessionCode} is {State}, not ended; nothing written")]
    private static partial void LogNotEnded(ILogger logger, string sessionCode, SessionState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ledger of session {SessionCode} changed from {PreviousHead} to {Head} (results changed after the session ended)")]
    private static partial void LogHeadChanged(ILogger logger, string sessionCode, string previousHead, string head);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bundle of session {SessionCode}: {Records} ledger records, head {Head}, {Path} sha256 {Sha256}")]
    private static partial void LogWritten(ILogger logger, string sessionCode, int records, string head, string path, string sha256);
}
