using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.National.Venue;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.National.Venue;

/// <summary>
/// Packages down: a venue pulls from a fake centre, fetches the bank once by its hash, applies
/// session, candidates and seats in one go and acknowledges; later versions move candidates before
/// the start and only add late ones after it; a package whose hash or seed does not check out
/// applies nothing and says why in the audit log.
/// </summary>
public sealed class PackagePullTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pulled_package_creates_the_session_its_candidates_and_seats_and_is_acknowledged()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        var (hash, zip) = VenueRig.CentreBank(dir);
        centre.Banks[hash] = zip;
        centre.Offer(VenueRig.Package("SKD-MKS-001", 1, hash, [("P-001", 1), ("P-002", 2), ("P-003", null)]));
        await using var venue = VenueRig.Start(dir, centre);

        await venue.PullAsync();
        await venue.PullAsync();   // a second round fetches nothing again

        await using var db = venue.Db();
        var session = await db.ExamSessions.Include(s => s.BankVersion).SingleAsync(s => s.Code == "SKD-MKS-001", Ct);
        Assert.Equal((SessionState.Scheduled, VenueRig.SeedText, "WITA", 10, "skd-2024"), (session.State, session.Seed, session.TimeZone, session.Seats, session.ThresholdSetCode));
        Assert.Equal(hash, session.BankVersion!.Hash);
        Assert.True(session.BankVersion.Locked);
        var seats = await db.Attempts.Where(a => a.ExamSessionId == session.Id).Select(a => new { a.Candidate!.ParticipantNumber, a.Seat, a.Candidate.Nik, a.State })
            .OrderBy(a => a.ParticipantNumber).ToListAsync(Ct);
        Assert.Equal(["P-001:1", "P-002:2", "P-003:3"], seats.Select(s => s.ParticipantNumber + ":" + s.Seat));
        Assert.All(seats, s => Assert.Equal(AttemptState.Waiting, s.State));
        Assert.Equal("000000000000" + "1204", seats[0].Nik);
        Assert.Equal([hash], centre.BankFetches);
        Assert.Equal([("SKD-MKS-001", 1)], centre.Acks);
        Assert.Empty(centre.Refusals);
        Assert.Single(await db.AuditEntries.Where(e => e.Action == AuditActions.VenueSync.PackageApplied && e.Subject == "session:SKD-MKS-001").ToListAsync(Ct));
    }

    [Fact]
    public async Task A_second_version_before_the_start_moves_a_candidate_away_and_another_to_a_new_seat()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        var (hash, zip) = VenueRig.CentreBank(dir);
        centre.Banks[hash] = zip;
        centre.Offer(VenueRig.Package("SKD-MKS-002", 1, hash, [("Q-001", 1), ("Q-002", 2), ("Q-003", 3)]));
        await using var venue = VenueRig.Start(dir, centre);
        await venue.PullAsync();

        // Q-002 moved to another session elsewhere, Q-003 to seat 5, Q-004 added late on seat 2; the seed stays (empty: keep yours)
        centre.Offer(VenueRig.Package("SKD-MKS-002", 2, hash, [("Q-001", 1), ("Q-003", 5), ("Q-004", 2)], seed: ""));
        await venue.PullAsync();

        await using var db = venue.Db();
        var session = await db.ExamSessions.SingleAsync(s => s.Code == "SKD-MKS-002", Ct);
        var seats = await db.Attempts.Where(a => a.ExamSessionId == session.Id).Select(a => a.Candidate!.ParticipantNumber + ":" + a.Seat).ToListAsync(Ct);
        Assert.Equal(["Q-001:1", "Q-003:5", "Q-004:2"], seats.Order());
        Assert.Equal(VenueRig.SeedText, session.Seed);
        Assert.Equal([("SKD-MKS-002", 1), ("SKD-MKS-002", 2)], centre.Acks);
        Assert.Equal(2, await db.Set<SyncPackage>().CountAsync(p => p.Status == SyncPackage.Applied && p.Refusals == null, Ct));
    }

    [Fact]
    public async Task A_version_after_the_start_adds_a_late_candidate_but_keeps_the_seed_and_says_what_it_refused()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        var (hash, zip) = VenueRig.CentreBank(dir);
        centre.Banks[hash] = zip;
        centre.Offer(VenueRig.Package("SKD-MKS-003", 1, hash, [("R-001", 1), ("R-002", 2)]));
        await using var venue = VenueRig.Start(dir, centre);
        await venue.PullAsync();
        int id;
        await using (var db = venue.Db())
        {
            id = await db.ExamSessions.Where(s => s.Code == "SKD-MKS-003").Select(s => s.Id).SingleAsync(Ct);
        }
        var control = venue.Services.GetRequiredService<ExamControl>();
        Assert.True(await control.OpenSessionAsync(id, "panitia"));
        Assert.True(await control.StartSessionAsync(id, "panitia"));

        const string otherSeed = "fedcba9876543210fedcba9876543210";
        centre.Offer(VenueRig.Package("SKD-MKS-003", 2, hash, [("R-001", 2), ("R-002", 1), ("R-003", 3)], seed: otherSeed));
        await venue.PullAsync();

        await using (var db = venue.Db())
        {
            var session = await db.ExamSessions.SingleAsync(s => s.Id == id, Ct);
            Assert.Equal(VenueRig.SeedText, session.Seed);
            var seats = await db.Attempts.Where(a => a.ExamSessionId == id).Select(a => a.Candidate!.ParticipantNumber + ":" + a.Seat + ":" + a.State).ToListAsync(Ct);
            Assert.Equal(["R-001:1:Running", "R-002:2:Running", "R-003:3:Waiting"], seats.Order());
            var v2 = await db.Set<SyncPackage>().SingleAsync(p => p.SessionCode == "SKD-MKS-003" && p.Version == 2, Ct);
            Assert.Equal(SyncPackage.Applied, v2.Status);
            Assert.Contains("seed", v2.Refusals, StringComparison.Ordinal);
            Assert.Contains("kursi peserta R-001 tetap 1", v2.Refusals, StringComparison.Ordinal);
        }
        Assert.Contains(("SKD-MKS-003", 2), centre.Acks);
    }

    [Fact]
    public async Task A_package_whose_bytes_do_not_match_the_listed_hash_applies_nothing()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        var (hash, zip) = VenueRig.CentreBank(dir);
        centre.Banks[hash] = zip;
        centre.Offer(VenueRig.Package("SKD-MKS-004", 1, hash, [("S-001", 1)]), listedSha: new string('a', 64));
        await using var venue = VenueRig.Start(dir, centre);

        await venue.PullAsync();

        await AssertNothingAppliedAsync(venue, centre, "SKD-MKS-004", "SHA-256 berkas");
    }

    [Fact]
    public async Task A_package_whose_seed_does_not_match_its_commitment_applies_nothing()
    {
        using var dir = new TempDir();
        await using var centre = await FakeCentre.StartAsync();
        var (hash, zip) = VenueRig.CentreBank(dir);
        centre.Banks[hash] = zip;
        centre.Offer(VenueRig.Package("SKD-MKS-005", 1, hash, [("T-001", 1)], commitment: VenueSignaturesCommitmentOfAnotherSeed()));
        await using var venue = VenueRig.Start(dir, centre);

        await venue.PullAsync();

        await AssertNothingAppliedAsync(venue, centre, "SKD-MKS-005", "komitmen seed");
        Assert.Empty(centre.BankFetches);   // refused before the bank was fetched
    }

    [Fact]
    public async Task A_standalone_server_pulls_and_sends_nothing()
    {
        using var dir = new TempDir();
        await using var host = InProcessHost.StartServer(dir);
        Assert.Null(host.Services.GetService<PackagePuller>());
        Assert.Null(host.Services.GetService<VenueUplink>());
        Assert.DoesNotContain(host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is PackagePuller or VenueUplink);
    }

    private static string VenueSignaturesCommitmentOfAnotherSeed() => AsnCat.Server.National.VenueSignatures.Commitment("99999999999999999999999999999999");

    private static async Task AssertNothingAppliedAsync(VenueRig venue, FakeCentre centre, string session, string reason)
    {
        await using var db = venue.Db();
        Assert.False(await db.ExamSessions.AnyAsync(s => s.Code == session, Ct));
        Assert.False(await db.Candidates.AnyAsync(c => c.Formation!.Code == "F-UJI-01", Ct));
        Assert.Empty(centre.Acks);
        var refused = await db.Set<SyncPackage>().SingleAsync(p => p.SessionCode == session, Ct);
        Assert.Equal(SyncPackage.Refused, refused.Status);
        Assert.Contains(reason, refused.Refusals, StringComparison.Ordinal);
        var audit = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.VenueSync.PackageRefused, Ct);
        Assert.Contains(reason, audit.Details, StringComparison.Ordinal);
    }
}
