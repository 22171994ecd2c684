using System.Globalization;
using System.Text.Json;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.Results;
using AsnCat.Tool.Commands;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.National.Centre;

/// <summary>
/// Verified intake of a venue's result bundle (docs/national.md, "Bundle intake"): the venue's
/// signature over the exact bytes, the session being this venue's, the same checks as the
/// <c>verify</c> command, the seed against its published commitment, the roster. A refusal stores
/// only its record; an accepted bundle's bytes are kept and its results written into the centre's
/// own rows for the session (a later, different bundle for the same session supersedes them).
/// Idempotent by SHA-256: the same accepted bytes again return the same receipt.
/// </summary>
public sealed class BundleIntake(IDbContextFactory<AsnCatDb> dbs, TimeProvider time, IOptions<ResultsOptions> results, IHostEnvironment host)
{
    public async Task<BundleReceipt> IntakeAsync(int venueId, string sessionCode, byte[] bytes, string? signature, string? address, CancellationToken ct)
    {
        var sha = VenueSignatures.Sha256(bytes);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var venue = await db.NationalVenues.AsNoTracking().SingleAsync(v => v.Id == venueId, ct);
        // the signature first: the same bytes signed by another key are refused, not answered with the accepted receipt
        var signatureRefusal = SignatureRefusal(venue, sessionCode, bytes, signature);
        if (signatureRefusal is null)
        {
            var known = await db.VenueBundles.AsNoTracking()
                .Where(b => b.NationalVenueId == venueId && b.Sha256 == sha && b.Status == BundleStatus.Accepted).OrderBy(b => b.Id).FirstOrDefaultAsync(ct);
            if (known is not null)
            {
                return Receipt(known);
            }
        }

        var session = await db.ExamSessions.Include(s => s.BankVersion).SingleOrDefaultAsync(s => s.Code == sessionCode, ct);
        var (bundle, reasons) = signatureRefusal is null ? Check(venue, session, sessionCode, bytes) : (null, [signatureRefusal]);
        if (bundle is not null && session is not null && reasons.Count == 0)
        {
            var roster = await db.Attempts.Where(a => a.ExamSessionId == session.Id).Select(a => a.Candidate!.ParticipantNumber).ToListAsync(ct);
            var strangers = bundle.Candidates.Select(c => c.ParticipantNumber).Except(roster, StringComparer.Ordinal).ToList();
            if (strangers.Count > 0)
            {
                reasons.Add($"Bundel dari lokasi '{venue.Code}' memuat peserta yang tidak terdaftar di sesi {session.Code}: {string.Join(", ", strangers.Take(20))}. Hanya peserta dari paket sesi yang boleh ada di bundel.");
            }
        }
        var record = new VenueBundle
        {
            NationalVenueId = venueId, ExamSessionId = session?.Id, SessionCode = sessionCode, Sha256 = sha, LedgerHead = bundle?.Ledger.Head ?? "",
            Status = reasons.Count == 0 ? BundleStatus.Accepted : BundleStatus.Refused, Reasons = reasons, ReceivedAt = time.GetUtcNow(),
        };
        if (reasons.Count > 0)
        {
            db.VenueBundles.Add(record);
            await db.SaveChangesAsync(ct);
            await AuditLog.WriteAsync(dbs, time, "lokasi:" + venue.Code, address, AuditActions.National.BundleRefused, venue.Code,
                new { session = sessionCode, sha256 = sha, reasons }, CancellationToken.None);
            return Receipt(record);
        }
        return await AcceptAsync(db, venue, session!, bundle!, bytes, record, address, ct);
    }

    private static string? SignatureRefusal(NationalVenue venue, string sessionCode, byte[] bytes, string? signature)
    {
        if (string.IsNullOrWhiteSpace(signature))
        {
            return $"Bundel sesi {sessionCode} dari lokasi '{venue.Code}' tidak bertanda tangan: header {SyncContract.SignatureHeader} tidak ada. Kirim ulang dengan tanda tangan kunci lokasi atas isi bundel.";
        }
        if (venue.PublicKey is null || !VenueSignatures.Verify(venue.PublicKey, bytes, signature))
        {
            return $"Tanda tangan bundel sesi {sessionCode} tidak sah untuk kunci lokasi '{venue.Code}' yang terdaftar di pusat (rusak, atas isi lain, atau oleh kunci lain). Bundel harus ditandatangani kunci yang didaftarkan lokasi ini; jika kunci berganti, daftar ulang lokasi.";
        }
        return null;
    }

    private static (ResultBundle? Bundle, List<string> Reasons) Check(NationalVenue venue, ExamSession? session, string sessionCode, byte[] bytes)
    {
        var v = venue.Code;
        if (session is null || session.NationalVenueId != venue.Id)
        {
            return (null, [$"Sesi {sessionCode} bukan sesi lokasi '{v}' di pusat. Kirim bundel hanya untuk sesi dari paket lokasi ini."]);
        }
        ResultBundle bundle;
        try
        {
            bundle = ResultBundle.Parse(bytes);
        }
        catch (JsonException e)
        {
            return (null, [$"Bundel sesi {sessionCode} dari lokasi '{v}' bukan {ResultBundle.FormatName} yang dapat dibaca ({e.Path}: {e.Message}). Kirim ulang berkas aslinya tanpa disunting."]);
        }
        var reasons = new List<string>();
        if (bundle.Session.Code != session.Code)
        {
            reasons.Add($"Bundel dari lokasi '{v}' dikirim untuk sesi {session.Code} tetapi berisi sesi {bundle.Session.Code}. Kirim ke alamat sesinya sendiri.");
        }
        if (bundle.Bank.Hash != session.BankVersion!.Hash)
        {
            reasons.Add($"Bundel sesi {session.Code} dari lokasi '{v}' memakai bank {bundle.Bank.Hash}, bukan bank paketnya {session.BankVersion.Hash}.");
        }
        if (session.SeedCommitment is null || VenueSignatures.Commitment(bundle.Session.Seed) != session.SeedCommitment)
        {
            reasons.Add($"Seed di bundel sesi {session.Code} dari lokasi '{v}' tidak cocok dengan komitmen yang diumumkan pusat ({session.SeedCommitment ?? "belum ada"}): SHA-256 seed bundel adalah {VenueSignatures.Commitment(bundle.Session.Seed)}. Sesi harus dijalankan dengan seed dari paketnya.");
        }
        try
        {
            var report = BundleVerifier.Verify(bundle);
            foreach (var check in report.Checks.Where(c => c.Failed))
            {
                var first = VerifyReportText.Text(check.Findings[0], bundle);
                reasons.Add($"Bundel sesi {session.Code} dari lokasi '{v}' gagal pemeriksaan {VerifyReportText.Name(check.Kind)} (seperti perintah verify): {check.Findings.Count} selisih, pertama {first}.");
            }
        }
        catch (BundleUnreadableException e)
        {
            reasons.Add($"Bundel sesi {session.Code} dari lokasi '{v}' tidak dapat diperiksa: {e.Message}");
        }
        return (bundle, reasons);
    }

    private async Task<BundleReceipt> AcceptAsync(AsnCatDb db, NationalVenue venue, ExamSession session, ResultBundle bundle, byte[] bytes, VenueBundle record,
        string? address, CancellationToken ct)
    {
        var directory = Path.Combine(results.Value.ResolveBundleDirectory(host.ContentRootPath), "national", venue.Code);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{session.Code}.{record.Sha256[..16]}.json");
        // the bytes go to disk while the rows are written (a session's bundle is tens of megabytes); both are done before the commit
        var keeping = File.WriteAllBytesAsync(file, bytes, ct);
        record.Path = file;
        record.Seed = bundle.Session.Seed;

        var attempts = await db.Attempts.Include(a => a.Candidate).Where(a => a.ExamSessionId == session.Id).ToDictionaryAsync(a => a.Candidate!.ParticipantNumber, StringComparer.Ordinal, ct);
        var sat = bundle.Candidates.Where(c => c.Set is not null).Select(c => attempts[c.ParticipantNumber].CandidateId).ToList();
        var elsewhere = await db.Attempts.AsNoTracking()
            .Where(a => sat.Contains(a.CandidateId) && a.ExamSessionId != session.Id && a.State == AttemptState.Finished && a.SetText != null)
            .Select(a => new { a.Candidate!.ParticipantNumber, a.ExamSession!.Code }).ToListAsync(ct);
        record.Flags = [.. elsewhere.Select(e => $"Peserta {e.ParticipantNumber} sudah punya hasil SKD dari sesi {e.Code}; hasil di sesi {session.Code} (lokasi '{venue.Code}') diterima dan menunggu keputusan panitia.")];

        var previous = await db.VenueBundles.Where(b => b.ExamSessionId == session.Id && b.Status == BundleStatus.Accepted && b.SupersededById == null).ToListAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.AnswerEvents.Where(e => e.ExamSessionId == session.Id).ExecuteDeleteAsync(ct);
        await db.Answers.Where(a => a.Attempt!.ExamSessionId == session.Id).ExecuteDeleteAsync(ct);
        var startedAt = Time(bundle.Session.StartedAt);
        var endedAt = Time(bundle.Session.EndedAt);
        var events = new List<AnswerEvent>();
        var answers = new List<Answer>();
        foreach (var c in bundle.Candidates)
        {
            Write(session, attempts[c.ParticipantNumber], c, startedAt, endedAt, events, answers);
        }
        await IntakeRows.WriteAsync(db, events, answers, ct);
        session.State = SessionState.Ended;
        session.StartedAt = startedAt;
        session.EndedAt = endedAt;
        session.LedgerHead = bundle.Ledger.Head;
        session.BundleSha256 = record.Sha256;
        db.VenueBundles.Add(record);
        await db.SaveChangesAsync(ct);
        foreach (var old in previous)
        {
            old.SupersededById = record.Id;
        }
        await db.SaveChangesAsync(ct);
        await keeping;
        await tx.CommitAsync(ct);

        await AuditLog.WriteAsync(dbs, time, "lokasi:" + venue.Code, address, AuditActions.National.BundleAccepted, venue.Code,
            new { session = session.Code, sha256 = record.Sha256, ledgerHead = record.LedgerHead, candidates = bundle.Candidates.Count, flags = record.Flags }, CancellationToken.None);
        foreach (var old in previous)
        {
            await AuditLog.WriteAsync(dbs, time, "lokasi:" + venue.Code, address, AuditActions.National.BundleSuperseded, venue.Code,
                new { session = session.Code, previousHead = old.LedgerHead, previousSha256 = old.Sha256, ledgerHead = record.LedgerHead, sha256 = record.Sha256 }, CancellationToken.None);
        }
        return Receipt(record);
    }

    /// <summary>The candidate's events and final answers appended to <paramref name="events"/> and <paramref name="answers"/>; the attempt's results set.</summary>
    private static void Write(ExamSession session, Attempt attempt, BundleCandidate c, DateTimeOffset? startedAt, DateTimeOffset? endedAt,
        List<AnswerEvent> events, List<Answer> answers)
    {
        var own = c.Events.Select(e => new AnswerEvent
        {
            ExamSessionId = session.Id, AttemptId = attempt.Id, Position = e.Position, Option = Option(e.Option), Doubtful = e.Doubtful, Seq = e.Seq,
            Kind = e.Kind, At = Time(e.At)!.Value, VenueEventId = e.Id,
        }).ToList();
        events.AddRange(own);
        var byPosition = own.ToLookup(e => e.Position);
        for (var p = 0; p < c.Answers.Count; p++)
        {
            var at = byPosition[p].ToList();
            if (at.Count == 0)
            {
                continue;
            }
            var answer = at.LastOrDefault(e => e.Kind == "answer");
            var doubt = at.LastOrDefault(e => e.Kind == "doubtful");
            answers.Add(new Answer
            {
                AttemptId = attempt.Id, Position = p, Option = Option(c.Answers[p]), Doubtful = at[^1].Doubtful,
                Seq = answer?.Seq ?? 0, DoubtfulSeq = doubt?.Seq ?? 0, SavedAt = at[^1].At,
            });
        }
        attempt.SetText = c.Set;
        attempt.Seat = c.Seat ?? attempt.Seat;
        attempt.Scores = c.Scores is null ? null : new Dictionary<string, int>(c.Scores, StringComparer.Ordinal);
        attempt.Total = c.Total;
        attempt.Passed = c.Passed;
        attempt.EndedBy = c.EndedBy;
        attempt.State = c.EndedBy is null ? AttemptState.Waiting : AttemptState.Finished;
        attempt.StartedAt = c.Set is null ? null : startedAt;
        attempt.FinishedAt = c.EndedBy is null ? null : own.Count > 0 && c.EndedBy == "candidate" ? own[^1].At : endedAt;
        attempt.TokenHash = null;
        attempt.ConnectionId = null;
        attempt.TerminalId = null;
    }

    private static int? Option(string? letter) => letter is [var l] ? l - 'A' : null;

    private static DateTimeOffset? Time(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static BundleReceipt Receipt(VenueBundle b) => new(b.SessionCode, b.Sha256, b.LedgerHead, b.Status, b.Reasons, b.Flags, b.ReceivedAt);
}
