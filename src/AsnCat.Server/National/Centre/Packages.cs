using System.Text.Json;
using AsnCat.Contracts.National;
using AsnCat.Server.Data;
using AsnCat.Tool.Banks;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.National.Centre;

/// <summary>
/// The packages a venue pulls (<c>asncat-package/1</c>, docs/national.md "Packages"). A session
/// on the centre whose venue is a registered venue's code is that venue's: listing links it. A new
/// version is built whenever the session's content (candidates, seats, formations, bank, blueprint
/// or threshold text) differs from the last version's. The first build draws the seed and
/// publishes its commitment; an acknowledgement erases the centre's copy, so a later version
/// carries an empty seed, meaning "keep the seed you hold".
/// </summary>
public sealed class Packages(IDbContextFactory<AsnCatDb> dbs, RulesCatalog rules, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The list for the venue, with every package version it needs built and stored; the audit entries to write.</summary>
    public async Task<(PackageList List, List<(string Action, string Session, object Details)> Audit)> ListAsync(int venueId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var venue = await db.NationalVenues.SingleAsync(v => v.Id == venueId, ct);
        var audit = new List<(string, string, object)>();
        var sessions = await db.ExamSessions
            .Include(s => s.BankVersion).Include(s => s.BlueprintSnapshot)
            .Where(s => s.Venue == venue.Code || s.NationalVenueId == venue.Id)
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Code)
            .ToListAsync(ct);
        var refs = new List<PackageRef>();
        foreach (var session in sessions)
        {
            var last = await db.PackageVersions.Where(p => p.ExamSessionId == session.Id && p.NationalVenueId == venue.Id)
                .OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct);
            if (session.Venue != venue.Code)
            {
                // moved to another venue: the venue that held it is told to drop it
                if (last is not null)
                {
                    refs.Add(new PackageRef(session.Code, last.Version, last.Sha256, session.StartsAt, Withdrawn: true));
                }
                continue;
            }
            session.NationalVenueId = venue.Id;
            if (session.SeedCommitment is null)
            {
                session.Seed = ExamSession.NewSeed();
                session.SeedCommitment = VenueSignatures.Commitment(session.Seed);
                session.SeedCommittedAt = time.GetUtcNow();
                audit.Add((AuditActions.National.SeedCommitted, session.Code, new { commitment = session.SeedCommitment }));
            }
            var content = await BuildAsync(db, venue, session, 0, "", ct);
            var contentSha = VenueSignatures.Sha256(Serialize(content));
            if (last is null || last.ContentSha256 != contentSha)
            {
                var version = (last?.Version ?? 0) + 1;
                var bytes = Serialize(content with { Version = version, Seed = session.Seed });
                last = new PackageVersion
                {
                    ExamSessionId = session.Id, NationalVenueId = venue.Id, Version = version, Sha256 = VenueSignatures.Sha256(bytes), ContentSha256 = contentSha,
                    Json = bytes, CreatedAt = time.GetUtcNow(),
                };
                db.PackageVersions.Add(last);
                audit.Add((AuditActions.National.PackageBuilt, session.Code, new { version, sha256 = last.Sha256, seedIncluded = session.Seed.Length > 0 }));
            }
            refs.Add(new PackageRef(session.Code, last.Version, last.Sha256, session.StartsAt, Withdrawn: false));
        }
        await db.SaveChangesAsync(ct);
        return (new PackageList(venue.Code, refs, time.GetUtcNow()), audit);
    }

    public static byte[] Serialize(SessionPackage package) => JsonSerializer.SerializeToUtf8Bytes(package, Json);


    private async Task<SessionPackage> BuildAsync(AsnCatDb db, NationalVenue venue, ExamSession session, int version, string seed, CancellationToken ct)
    {
        var people = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == session.Id)
            .Select(a => new { a.Seat, a.ExtraMinutes, a.Candidate!.ParticipantNumber, a.Candidate.Name, a.Candidate.Nik, a.Candidate.BirthDate, a.Candidate.Category,
                a.Candidate.LargeFont, a.Candidate.ScreenReader, a.Candidate.Formation })
            .ToListAsync(ct);
        var thresholds = Path.Combine(rules.Root, "thresholds", session.ThresholdSetCode + ".yaml");
        var thresholdsYaml = File.Exists(thresholds) ? await File.ReadAllTextAsync(thresholds, ct) : "";
        return new SessionPackage(
            SyncContract.PackageFormat,
            venue.Code,
            version,
            new PackageSession(session.Code, session.Venue, session.Room, session.TimeZone, session.StartsAt, session.Seats,
                session.BlueprintCode, session.BlueprintSnapshot!.Yaml, session.ThresholdSetCode, thresholdsYaml),
            new PackageBank(session.BankVersion!.Hash, session.BankVersion.Title),
            seed,
            session.SeedCommitment!,
            [.. people.Select(p => p.Formation!).DistinctBy(f => f.Code).OrderBy(f => f.Code, StringComparer.Ordinal)
                .Select(f => new PackageFormation(f.Code, f.Agency, f.Position, f.Location, f.Quota, f.Education))],
            [.. people.OrderBy(p => p.ParticipantNumber, StringComparer.Ordinal)
                .Select(p => new PackageCandidate(p.ParticipantNumber, p.Name, p.Nik[^Math.Min(4, p.Nik.Length)..], p.BirthDate, p.Formation!.Code,
                    CandidateCategories.Code(p.Category), p.Seat, p.ExtraMinutes, p.LargeFont, p.ScreenReader))]);
    }

    /// <summary>One stored version for the venue, or null.</summary>
    public async Task<PackageVersion?> FindAsync(int venueId, string session, int version, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.PackageVersions.AsNoTracking()
            .Where(p => p.NationalVenueId == venueId && p.Version == version && db.ExamSessions.Any(s => s.Id == p.ExamSessionId && s.Code == session))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Records the acknowledgement and erases the centre's copy of the seed (the commitment stays). False: no such version for this venue.</summary>
    public async Task<bool> AckAsync(int venueId, string session, int version, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await db.PackageVersions
            .Where(p => p.NationalVenueId == venueId && p.Version == version && db.ExamSessions.Any(s => s.Id == p.ExamSessionId && s.Code == session))
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return false;
        }
        row.AckedAt ??= time.GetUtcNow();
        var held = await db.ExamSessions.SingleAsync(s => s.Id == row.ExamSessionId, ct);
        held.Seed = "";
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Every published commitment, with the seed once an accepted bundle revealed it.</summary>
    public async Task<List<SeedCommitment>> CommitmentsAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.ExamSessions.AsNoTracking().Where(s => s.SeedCommitment != null && s.NationalVenueId != null)
            .OrderBy(s => s.Code)
            .Select(s => new
            {
                s.Code, s.SeedCommitment, s.SeedCommittedAt,
                Venue = db.NationalVenues.Where(v => v.Id == s.NationalVenueId).Select(v => v.Code).Single(),
                Revealed = db.VenueBundles.Where(b => b.ExamSessionId == s.Id && b.Status == BundleStatus.Accepted && b.SupersededById == null).Select(b => b.Seed).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new SeedCommitment(r.Code, r.Venue, r.SeedCommitment!, r.SeedCommittedAt!.Value, r.Revealed))];
    }
}
