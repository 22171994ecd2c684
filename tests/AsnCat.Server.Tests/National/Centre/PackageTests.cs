using System.Net;
using System.Net.Http.Json;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.National;
using AsnCat.Server.Seeding;
using AsnCat.Server.Tests.Hosts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
namespace AsnCat.Server.Tests.National.Centre;

/// <summary>Packages down: built for the venue's sessions, a new version when a candidate moves, the seed committed, public, and erased on ack.</summary>
public sealed class PackageTests() : KestrelHostTest(recordHubFrames: false)
{
    [Fact]
    public async Task A_package_is_built_once_bumped_when_a_candidate_moves_and_its_seed_erased_after_the_ack_while_the_commitment_stays_public()
    {
        using var admin = await CentreClient.AdminAsync(Host);
        using var venue = await CentreClient.EnrolledAsync(Host, admin, "LOK-PKG-01");
        var session = await IntakeFixture.SeedAsync(Host, "PKG", "LOK-PKG-01", seed: null, start: false, count: 3);

        var first = await ListAsync(venue);
        var package = await GetAsync(venue, first.Single());
        Assert.Equal(1, package.Version);
        Assert.Equal(SyncContract.PackageFormat, package.Format);
        Assert.Equal(32, package.Seed.Length);
        Assert.Equal(VenueSignatures.Commitment(package.Seed), package.SeedCommitment);
        Assert.Equal(3, package.Candidates.Count);
        // only the last four digits of the NIK travel (the seeded NIKs are 3171 + twelve digits)
        Assert.All(package.Candidates, c => Assert.Equal(4, c.NikLast4.Length));
        var raw = await venue.Client.GetByteArrayAsync(SyncContract.PackagePath(session.Code, 1), Ct);
        Assert.DoesNotContain("317100000000000", System.Text.Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.Equal(first.Single().Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw)));

        // nothing changed: the same version
        Assert.Equal(1, (await ListAsync(venue)).Single().Version);

        using var anonymous = Host.Anonymous();
        var commitments = await anonymous.GetFromJsonAsync<List<SeedCommitment>>(SyncContract.CommitmentsPath, Ct);
        var published = Assert.Single(commitments!, c => c.Session == session.Code);
        Assert.Equal(package.SeedCommitment, published.Commitment);
        Assert.Equal("LOK-PKG-01", published.VenueCode);
        Assert.Null(published.RevealedSeed);

        var ack = await venue.Client.PostAsync(SyncContract.PackageAckPath(session.Code, 1), null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, ack.StatusCode);
        await using (var db = Host.Db())
        {
            var row = await db.ExamSessions.SingleAsync(s => s.Code == session.Code, Ct);
            Assert.Equal("", row.Seed);
            Assert.Equal(package.SeedCommitment, row.SeedCommitment);
            Assert.NotNull(await db.PackageVersions.Where(p => p.Version == 1 && p.ExamSessionId == row.Id).Select(p => p.AckedAt).SingleAsync(Ct));
            // a candidate moved late to another seat
            var attempt = await db.Attempts.OrderBy(a => a.Id).FirstAsync(a => a.ExamSessionId == row.Id, Ct);
            attempt.Seat = 42;
            await db.SaveChangesAsync(Ct);
        }

        var second = (await ListAsync(venue)).Single();
        Assert.Equal(2, second.Version);
        var bumped = await GetAsync(venue, second);
        Assert.Equal("", bumped.Seed);   // keep the seed you hold
        Assert.Equal(package.SeedCommitment, bumped.SeedCommitment);
        Assert.Contains(bumped.Candidates, c => c.Seat == 42);
        Assert.Equal(package.SeedCommitment, (await anonymous.GetFromJsonAsync<List<SeedCommitment>>(SyncContract.CommitmentsPath, Ct))!.Single(c => c.Session == session.Code).Commitment);

        await using var audit = Host.Db();
        var actions = await audit.AuditEntries.Where(e => e.Subject == "LOK-PKG-01").Select(e => e.Action).ToListAsync(Ct);
        Assert.Single(actions, a => a == AuditActions.National.SeedCommitted);
        Assert.Equal(2, actions.Count(a => a == AuditActions.National.PackageBuilt));
        Assert.Contains(AuditActions.National.PackageAcked, actions);
        await CentreClient.AssertAuditedAsync(Host, AuditActions.National.PackageAcked, "LOK-PKG-01", a => a == "lokasi:LOK-PKG-01");
    }

    private static async Task<IReadOnlyList<PackageRef>> ListAsync(TestVenue venue) =>
        (await venue.Client.GetFromJsonAsync<PackageList>(SyncContract.PackagesPath, Ct))!.Packages;

    private static async Task<SessionPackage> GetAsync(TestVenue venue, PackageRef r) =>
        (await venue.Client.GetFromJsonAsync<SessionPackage>(SyncContract.PackagePath(r.Session, r.Version), Ct))!;
}
