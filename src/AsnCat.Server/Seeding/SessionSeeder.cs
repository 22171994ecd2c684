using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Seeding;

/// <summary>One candidate to seed: participant number, name, category and NIK.</summary>
public sealed record SeedCandidate(string Number, string Name, CandidateCategory Category, string Nik)
{
    public DateOnly BirthDate { get; init; } = new(1999, 1, 1);

    /// <summary>Extra exam minutes (the accommodation of a blind candidate: 30 in SKD, 20 in PPPK).</summary>
    public int ExtraMinutes { get; init; }
}

/// <summary>A seeded candidate: what a terminal types at login (the PIN empty if the writer refused to issue it), and the attempt it lands on.</summary>
public sealed record SeededPerson(string ParticipantNumber, string Pin, int AttemptId, string Name);

/// <summary>A seeded session and its candidates, ordered by participant number; <paramref name="Running"/> when it was started.</summary>
public sealed record SeededSession(int Id, string Code, IReadOnlyList<SeededPerson> People, bool Running);

/// <summary>
/// What to seed: a session on an imported bank (the newest unless told), in one formation (taken as it is when one
/// with its code exists), with candidates (likewise taken when their number exists), seats
/// numbered 1..n when <see cref="NumberSeats"/>.
/// </summary>
public sealed class SessionSpec
{
    public required string Code { get; init; }

    public required Formation Formation { get; init; }

    public required IReadOnlyList<SeedCandidate> Candidates { get; init; }

    public required DateTimeOffset StartsAt { get; init; }

    public string Venue { get; init; } = "Ruang uji";

    public string? Room { get; init; }

    public int Seats { get; init; }

    public bool NumberSeats { get; init; }

    public string TimeZone { get; init; } = IndonesianTime.Default;

    public string ThresholdSetCode { get; init; } = "skd-2024";

    /// <summary>The bank version the session draws from; the newest imported (of <see cref="BankCode"/> when set) when null.</summary>
    public int? BankVersionId { get; init; }

    /// <summary>Only versions of this bank (<c>skd-contoh</c>); any bank when null.</summary>
    public string? BankCode { get; init; }

    /// <summary>The session's seed for drawing sets; a fresh random one when null.</summary>
    public string? Seed { get; init; }

    /// <summary>A formation of the usual test shape (Jakarta, quota 1, S-1) under <paramref name="code"/>.</summary>
    public static Formation TestFormation(string code, string agency = "Instansi Uji") =>
        new() { Code = code, Agency = agency, Position = "Analis", Location = "Jakarta", Quota = 1, Education = "S-1" };

    /// <summary><paramref name="count"/> candidates <c>{prefix}-0001</c>... named <c>Peserta 1</c>..., born 1999-01-01.</summary>
    public static IReadOnlyList<SeedCandidate> Crowd(string prefix, int count, CandidateCategory category = CandidateCategory.Umum, int digits = 4) =>
        [.. Enumerable.Range(1, count).Select(i => new SeedCandidate(
            prefix + "-" + i.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            "Peserta " + i.ToString(CultureInfo.InvariantCulture), category, "3171" + i.ToString("D12", CultureInfo.InvariantCulture)))];
}

/// <summary>
/// The one way a session of candidates with PINs is seeded: by the demo, the tests and the load
/// tools. Either through a running server's <see cref="ExamControl"/> (PINs issued and the start
/// audited as any committee member's would be), or straight into a database file beside a running
/// server (WAL lets a second connection write), already running with PINs hashed under the
/// server's key; the server then starts each attempt at login, as for a terminal that logs in
/// after the start.
/// </summary>
public static class SessionSeeder
{
    /// <summary>
    /// The session written Open, then every candidate's PIN issued (in participant-number order)
    /// and, when <paramref name="start"/>, the session started, all through <paramref name="control"/>
    /// as <paramref name="actor"/>. Null when no bank has been imported. A writer that refuses
    /// (storage down) leaves a PIN empty or the session not running; it is not an exception here,
    /// so the demo never stops the server.
    /// </summary>
    public static async Task<SeededSession?> SeedAsync(IDbContextFactory<AsnCatDb> dbs, ExamControl control, SessionSpec spec, string actor, bool start, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dbs);
        ArgumentNullException.ThrowIfNull(control);
        List<(int AttemptId, Candidate Candidate)> attempts;
        ExamSession session;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var added = await AddAsync(db, spec, SessionState.Open, _ => null, ct);
            if (added is null)
            {
                return null;
            }
            (session, var rows) = added.Value;
            await db.SaveChangesAsync(ct);
            attempts = [.. rows.Select(a => (a.Id, a.Candidate!))];
        }
        var people = new List<SeededPerson>();
        foreach (var (id, candidate) in attempts)
        {
            var pin = await control.IssuePinAsync(id, actor);
            people.Add(new SeededPerson(candidate.ParticipantNumber, pin ?? "", id, candidate.Name));
        }
        var running = start && await control.StartSessionAsync(session.Id, actor);
        return new SeededSession(session.Id, session.Code, people, running);
    }

    /// <summary>
    /// The session written straight into <paramref name="db"/> already Running (started at
    /// <see cref="SessionSpec.StartsAt"/>), its attempts Waiting with PINs hashed by <paramref name="secrets"/>.
    /// </summary>
    public static async Task<SeededSession> SeedRunningAsync(AsnCatDb db, Secrets secrets, SessionSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(secrets);
        var pins = new Dictionary<string, string>(StringComparer.Ordinal);
        var added = await AddAsync(db, spec, SessionState.Running, c =>
        {
            var pin = Secrets.NewPin();
            pins[c.ParticipantNumber] = pin;
            return secrets.HashPin(pin);
        }, ct) ?? throw new InvalidOperationException("no question bank has been imported");
        var (session, rows) = added;
        session.StartedAt = spec.StartsAt;
        await db.SaveChangesAsync(ct);
        return new SeededSession(session.Id, session.Code,
            [.. rows.Select(a => new SeededPerson(a.Candidate!.ParticipantNumber, pins[a.Candidate.ParticipantNumber], a.Id, a.Candidate.Name))], Running: true);
    }

    private static async Task<(ExamSession Session, List<Attempt> Attempts)?> AddAsync(
        AsnCatDb db, SessionSpec spec, SessionState state, Func<Candidate, string?> pinHash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var bank = await db.BankVersions.AsNoTracking()
            .Where(b => (spec.BankVersionId == null || b.Id == spec.BankVersionId) && (spec.BankCode == null || b.Code == spec.BankCode))
            .OrderByDescending(b => b.Id).FirstOrDefaultAsync(ct);
        if (bank is null)
        {
            return null;
        }
        // a session uses the version from now on, as when the committee schedules one (SessionAdmin): locked for good
        await BankVersions.LockAsync(db, bank.Id, ct);
        var formation = await db.Formations.SingleOrDefaultAsync(f => f.Code == spec.Formation.Code, ct);
        if (formation is null)
        {
            formation = spec.Formation;
            db.Formations.Add(formation);
        }
        var numbers = spec.Candidates.Select(c => c.Number).ToList();
        var existing = await db.Candidates.Where(c => numbers.Contains(c.ParticipantNumber)).ToDictionaryAsync(c => c.ParticipantNumber, StringComparer.Ordinal, ct);
        var session = new ExamSession
        {
            Code = spec.Code,
            Venue = spec.Venue,
            Room = spec.Room,
            Seats = spec.Seats,
            TimeZone = spec.TimeZone,
            StartsAt = spec.StartsAt,
            BlueprintCode = bank.BlueprintCode,
            BlueprintSnapshotId = bank.BlueprintSnapshotId,
            BankVersionId = bank.Id,
            ThresholdSetCode = spec.ThresholdSetCode,
            Seed = spec.Seed ?? ExamSession.NewSeed(),
            State = state,
        };
        db.ExamSessions.Add(session);
        var rows = new List<Attempt>();
        foreach (var (seed, i) in spec.Candidates.OrderBy(c => c.Number, StringComparer.Ordinal).Select((c, i) => (c, i)))
        {
            var candidate = existing.GetValueOrDefault(seed.Number) ?? new Candidate
            {
                ParticipantNumber = seed.Number,
                Name = seed.Name,
                Nik = seed.Nik,
                BirthDate = seed.BirthDate,
                Formation = formation,
                Category = seed.Category,
                ExtraMinutes = seed.ExtraMinutes,
            };
            var attempt = new Attempt
            {
                ExamSession = session,
                Candidate = candidate,
                Seat = spec.NumberSeats ? i + 1 : null,
                State = AttemptState.Waiting,
                PinHash = pinHash(candidate),
            };
            db.Attempts.Add(attempt);
            rows.Add(attempt);
        }
        return (session, rows);
    }
}
