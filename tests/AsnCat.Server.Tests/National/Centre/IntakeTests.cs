using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.National;
using AsnCat.Server.National.Centre;
using AsnCat.Tool.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.National.Centre;

/// <summary>
/// Verified intake at the centre: the venue's real bundle is accepted once and written into the
/// centre's rows; a tampered, unsigned, foreign-signed or wrong-seed bundle is refused with its
/// reason and changes nothing but the refusal record.
/// </summary>
public sealed class IntakeTests(IntakeFixture f) : IClassFixture<IntakeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Path => SyncContract.BundlesPath + "/" + f.SessionCode;

    [Fact]
    public async Task An_accepted_bundle_writes_every_event_and_result_once_and_posting_it_again_changes_nothing()
    {
        var bundle = ResultBundle.Parse(f.Bundle);
        var first = await PostAsync(f.Bundle);
        Assert.Equal(BundleStatus.Accepted, first.Status);
        Assert.Empty(first.Reasons);
        Assert.Equal(bundle.Ledger.Head, first.LedgerHead);
        var rows = await CentreRowsAsync();

        var again = await PostAsync(f.Bundle);
        Assert.Equal(first, again with { Reasons = first.Reasons, Flags = first.Flags });
        Assert.Equal(first.ReceivedAt, again.ReceivedAt);
        Assert.Equal(rows, await CentreRowsAsync());

        await using var db = f.Centre.Db();
        var session = await db.ExamSessions.SingleAsync(s => s.Code == f.SessionCode, Ct);
        Assert.Equal(SessionState.Ended, session.State);
        Assert.Equal(bundle.Ledger.Head, session.LedgerHead);
        // every event of the venue is in the centre's results exactly once, under its venue id
        var venueIds = bundle.Candidates.SelectMany(c => c.Events).Select(e => e.Id).Order().ToList();
        Assert.NotEmpty(venueIds);
        Assert.Equal(venueIds, await db.AnswerEvents.Where(e => e.ExamSessionId == session.Id).Select(e => e.VenueEventId!.Value).OrderBy(i => i).ToListAsync(Ct));
        var attempts = await db.Attempts.Include(a => a.Candidate).Where(a => a.ExamSessionId == session.Id).ToListAsync(Ct);
        foreach (var c in bundle.Candidates)
        {
            var a = attempts.Single(x => x.Candidate!.ParticipantNumber == c.ParticipantNumber);
            Assert.Equal(c.Total, a.Total);
            Assert.Equal(c.Passed, a.Passed);
            Assert.Equal(c.EndedBy, a.EndedBy);
            Assert.Equal(c.Set, a.SetText);
            Assert.Equal(AttemptState.Finished, a.State);
        }
        Assert.Contains(bundle.Candidates, c => c.EndedBy == "candidate" && c.Total is not null);
        Assert.Single(await db.VenueBundles.Where(b => b.Status == BundleStatus.Accepted).ToListAsync(Ct));
        Assert.Single(await db.AuditEntries.Where(e => e.Action == AuditActions.National.BundleAccepted).ToListAsync(Ct));
        await CentreClient.AssertAuditedAsync(f.Centre, AuditActions.National.BundleAccepted, IntakeFixture.VenueCode, a => a == "lokasi:" + IntakeFixture.VenueCode);

        using var anonymous = f.Centre.Anonymous();
        var commitment = (await anonymous.GetFromJsonAsync<List<SeedCommitment>>(SyncContract.CommitmentsPath, Ct))!.Single(c => c.Session == f.SessionCode);
        Assert.Equal(bundle.Session.Seed, commitment.RevealedSeed);
    }

    [Fact]
    public async Task Publishing_a_venue_session_at_the_centre_keeps_the_accepted_bundle_and_head()
    {
        await PostAsync(f.Bundle);
        int id;
        (string? Sha, string? Head) before;
        await using (var db = f.Centre.Db())
        {
            var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Code == f.SessionCode, Ct);
            (id, before) = (session.Id, (session.BundleSha256, session.LedgerHead));
        }
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(f.Bundle)), before.Sha);

        // what a session publication at the centre queues: the bundle job with the committee's keys
        var job = f.Centre.Services.GetRequiredService<AsnCat.Server.Ledger.WriteBundleJob>();
        await job.RunAsync(id, includeKeys: true);
        await using (var db = f.Centre.Db())
        {
            var session = await db.ExamSessions.AsNoTracking().SingleAsync(s => s.Id == id, Ct);
            Assert.Equal(before, (session.BundleSha256, session.LedgerHead));
        }
        Assert.True(File.Exists(System.IO.Path.Combine(job.BundleDirectory, ResultBundle.FileName(f.SessionCode, includeKeys: true))));
    }

    [Fact]
    public async Task A_tampered_bundle_fails_the_verifier_and_is_refused()
    {
        var bundle = ResultBundle.Parse(f.Bundle);
        var scored = bundle.Candidates.First(c => c.Total is not null);
        var tampered = bundle with { Candidates = [.. bundle.Candidates.Select(c => c == scored ? c with { Total = c.Total + 10 } : c)] };

        await RefusedAsync(tampered.ToBytes(), sign: true, signer: null, "gagal pemeriksaan");
    }

    [Fact]
    public async Task An_unsigned_bundle_is_refused()
    {
        await RefusedAsync(f.Bundle, sign: false, signer: null, "tidak bertanda tangan");
    }

    [Fact]
    public async Task A_bundle_signed_by_another_venues_key_is_refused()
    {
        using var other = VenueSignatures.NewKey();
        await RefusedAsync(f.Bundle, sign: true, signer: other, "Tanda tangan bundel sesi");
    }

    [Fact]
    public async Task A_bundle_whose_seed_does_not_match_the_published_commitment_is_refused()
    {
        string commitment;
        await using (var db = f.Centre.Db())
        {
            var session = await db.ExamSessions.SingleAsync(s => s.Code == f.SessionCode, Ct);
            commitment = session.SeedCommitment!;
            session.SeedCommitment = VenueSignatures.Commitment("seed-lain-yang-diumumkan");
            await db.SaveChangesAsync(Ct);
        }
        try
        {
            // the same bundle with one more line end: other bytes (so not the accepted ones, whatever ran first), the same contents
            await RefusedAsync([.. f.Bundle, (byte)'\n'], sign: true, signer: null, "tidak cocok dengan komitmen");
        }
        finally
        {
            await using var db = f.Centre.Db();
            var session = await db.ExamSessions.SingleAsync(s => s.Code == f.SessionCode, Ct);
            session.SeedCommitment = commitment;
            await db.SaveChangesAsync(Ct);
        }
    }

    private async Task RefusedAsync(byte[] body, bool sign, System.Security.Cryptography.ECDsa? signer, string reason)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(body));
        var before = await CentreRowsAsync();
        var accepted = await AcceptedAsync();

        var receipt = await PostAsync(body, sign, signer);

        Assert.Equal(BundleStatus.Refused, receipt.Status);
        Assert.Contains(receipt.Reasons, r => r.Contains(reason, StringComparison.Ordinal) && r.Contains(IntakeFixture.VenueCode, StringComparison.Ordinal));
        Assert.Equal(before, await CentreRowsAsync());
        Assert.Equal(accepted, await AcceptedAsync());
        await using var db = f.Centre.Db();
        Assert.True(await db.VenueBundles.AnyAsync(b => b.Sha256 == sha && b.Status == BundleStatus.Refused, Ct));
        Assert.Contains(await db.AuditEntries.Where(e => e.Action == AuditActions.National.BundleRefused).Select(e => e.Details!).ToListAsync(Ct),
            d => d.Contains(sha, StringComparison.Ordinal));
    }

    private async Task<BundleReceipt> PostAsync(byte[] body, bool sign = true, System.Security.Cryptography.ECDsa? signer = null)
    {
        var response = await f.Venue.PostAsync(Path, body, sign, signer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BundleReceipt>(Ct))!;
    }

    private async Task<int> AcceptedAsync()
    {
        await using var db = f.Centre.Db();
        return await db.VenueBundles.CountAsync(b => b.Status == BundleStatus.Accepted, Ct);
    }

    /// <summary>The centre's rows of the session as text: attempts' results, answers, events.</summary>
    private async Task<string> CentreRowsAsync()
    {
        await using var db = f.Centre.Db();
        var id = await db.ExamSessions.Where(s => s.Code == f.SessionCode).Select(s => s.Id).SingleAsync(Ct);
        var attempts = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == id).OrderBy(a => a.Id)
            .Select(a => $"{a.Id}:{a.State}:{a.Total}:{a.Passed}:{a.EndedBy}:{a.SetText}").ToListAsync(Ct);
        var answers = await db.Answers.AsNoTracking().Where(a => a.Attempt!.ExamSessionId == id).OrderBy(a => a.AttemptId).ThenBy(a => a.Position)
            .Select(a => $"{a.AttemptId}:{a.Position}:{a.Option}:{a.Doubtful}").ToListAsync(Ct);
        var events = await db.AnswerEvents.AsNoTracking().Where(e => e.ExamSessionId == id).OrderBy(e => e.Id)
            .Select(e => $"{e.Id}:{e.VenueEventId}:{e.Seq}").ToListAsync(Ct);
        return string.Join("\n", attempts.Concat(answers).Concat(events));
    }
}
