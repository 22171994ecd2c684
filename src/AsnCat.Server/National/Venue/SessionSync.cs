using AsnCat.Contracts.National;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.Server.National.Venue;

/// <summary>
/// One checked package written into the venue's context (the caller saves, in its transaction):
/// formations, candidates (the contract's fields only: the NIK's last four digits, the first
/// twelve stored as zeros), the session and its seats (the attempts candidates log into). Before
/// the session starts the package is the truth: everything is set as it says, candidates moved
/// away lose their seat. Once it has started only what cannot change a set or a started attempt is
/// applied: a late candidate gets a seat, a waiting seat may move or go; a new seed, bank, rule
/// file, start time or seat count, a change to a candidate already seated, or an ended session
/// are refused, one line each in what this returns.
/// </summary>
internal sealed class SessionSync(AsnCatDb db, SessionPackage package, BankVersion bank, ExamSession? held)
{
    private readonly List<string> _refusals = [];
    private readonly string _at = $"Paket sesi {package.Session.Code} versi {package.Version}";

    private bool Started => held is not null && held.State is not (SessionState.Scheduled or SessionState.Open);

    public async Task<List<string>> ApplyAsync(CancellationToken ct)
    {
        if (held?.State == SessionState.Ended)
        {
            _refusals.Add($"{_at}: sesi sudah selesai di lokasi ini; tidak ada yang diubah.");
            return _refusals;
        }
        var formations = await FormationsAsync(ct);
        var session = Session();
        if (!Started)
        {
            // a session uses the version from now on, as when the committee schedules one: locked for good
            await BankVersions.LockAsync(db, bank.Id, ct);
        }
        var existing = held is null ? [] : await db.Attempts.Include(a => a.Candidate).Where(a => a.ExamSessionId == held.Id).ToListAsync(ct);
        var candidates = await CandidatesAsync(formations, existing, ct);
        Seats(session, existing, candidates);
        return _refusals;
    }

    private async Task<Dictionary<string, Formation>> FormationsAsync(CancellationToken ct)
    {
        var codes = package.Formations.Select(f => f.Code).ToList();
        var stored = await db.Formations.Where(f => codes.Contains(f.Code)).ToDictionaryAsync(f => f.Code, StringComparer.Ordinal, ct);
        foreach (var f in package.Formations)
        {
            if (!stored.TryGetValue(f.Code, out var formation))
            {
                formation = new Formation { Code = f.Code, Agency = f.Agency, Position = f.Position, Location = f.Location, Education = f.Education };
                db.Formations.Add(formation);
                stored[f.Code] = formation;
            }
            else if (Started && (formation.Agency, formation.Position, formation.Location, formation.Quota, formation.Education) != (f.Agency, f.Position, f.Location, f.Quota, f.Education))
            {
                _refusals.Add($"{_at}: data formasi {f.Code} tidak diubah karena sesi sudah dimulai.");
                continue;
            }
            (formation.Agency, formation.Position, formation.Location, formation.Education) = (f.Agency, f.Position, f.Location, f.Education);
            formation.Quota = f.Quota;
        }
        return stored;
    }

    private ExamSession Session()
    {
        var s = package.Session;
        if (held is null)
        {
            var created = new ExamSession
            {
                Code = s.Code,
                Venue = s.Venue,
                Room = s.Room,
                TimeZone = s.TimeZone,
                StartsAt = s.StartsAt.ToUniversalTime(),
                Seats = s.Seats,
                BlueprintCode = bank.BlueprintCode,
                BlueprintSnapshotId = bank.BlueprintSnapshotId,
                BankVersionId = bank.Id,
                ThresholdSetCode = s.ThresholdSetCode,
                Seed = package.Seed,
                State = SessionState.Scheduled,
            };
            db.ExamSessions.Add(created);
            return created;
        }
        var seed = string.IsNullOrEmpty(package.Seed) ? held.Seed : package.Seed;
        if (Started)
        {
            var changed = new List<string>();
            Note(changed, seed != held.Seed, "seed");
            Note(changed, bank.Id != held.BankVersionId, "bank soal");
            Note(changed, s.ThresholdSetCode != held.ThresholdSetCode, "ambang batas");
            Note(changed, s.StartsAt.ToUniversalTime() != held.StartsAt || s.TimeZone != held.TimeZone, "waktu mulai");
            Note(changed, s.Seats != held.Seats, "jumlah kursi");
            Note(changed, s.Venue != held.Venue || s.Room != held.Room, "lokasi atau ruang");
            if (changed.Count > 0)
            {
                _refusals.Add($"{_at}: sesi sudah dimulai; {string.Join(", ", changed)} tidak diubah (set soal peserta yang sudah mulai tetap).");
            }
            return held;
        }
        (held.Venue, held.Room, held.TimeZone, held.StartsAt, held.Seats) = (s.Venue, s.Room, s.TimeZone, s.StartsAt.ToUniversalTime(), s.Seats);
        (held.BankVersionId, held.BlueprintCode, held.BlueprintSnapshotId) = (bank.Id, bank.BlueprintCode, bank.BlueprintSnapshotId);
        held.ThresholdSetCode = s.ThresholdSetCode;
        held.Seed = seed;
        return held;
    }

    private static void Note(List<string> changed, bool differs, string what)
    {
        if (differs)
        {
            changed.Add(what);
        }
    }

    private async Task<Dictionary<string, Candidate>> CandidatesAsync(Dictionary<string, Formation> formations, List<Attempt> existing, CancellationToken ct)
    {
        var numbers = package.Candidates.Select(c => c.ParticipantNumber).ToList();
        var stored = await db.Candidates.Where(c => numbers.Contains(c.ParticipantNumber)).ToDictionaryAsync(c => c.ParticipantNumber, StringComparer.Ordinal, ct);
        var startedHere = existing.Where(a => a.State != AttemptState.Waiting || a.StartedAt is not null).Select(a => a.CandidateId).ToHashSet();
        foreach (var c in package.Candidates)
        {
            var formation = formations[c.FormationCode];
            var category = CandidateCategories.Parse(c.Category);
            var nik = new string('0', 12) + c.NikLast4;
            if (!stored.TryGetValue(c.ParticipantNumber, out var candidate))
            {
                candidate = new Candidate { ParticipantNumber = c.ParticipantNumber, Name = c.Name, Nik = nik };
                db.Candidates.Add(candidate);
                stored[c.ParticipantNumber] = candidate;
            }
            else if (startedHere.Contains(candidate.Id))
            {
                if ((candidate.Name, candidate.Nik, candidate.BirthDate, candidate.FormationId, candidate.Category, candidate.ExtraMinutes, candidate.LargeFont, candidate.ScreenReader)
                    != (c.Name, nik, c.BirthDate, formation.Id, category, c.ExtraMinutes, c.LargeFont, c.ScreenReader))
                {
                    _refusals.Add($"{_at}: data peserta {c.ParticipantNumber} tidak diubah karena ujiannya sudah dimulai.");
                }
                continue;
            }
            (candidate.Name, candidate.Nik, candidate.BirthDate, candidate.Formation, candidate.Category) = (c.Name, nik, c.BirthDate, formation, category);
            (candidate.ExtraMinutes, candidate.LargeFont, candidate.ScreenReader) = (c.ExtraMinutes, c.LargeFont, c.ScreenReader);
        }
        return stored;
    }

    /// <summary>The seats as the package gives them; a candidate without one takes the lowest free seat.</summary>
    private void Seats(ExamSession session, List<Attempt> existing, Dictionary<string, Candidate> candidates)
    {
        var wanted = package.Candidates.Select(c => c.ParticipantNumber).ToHashSet(StringComparer.Ordinal);
        var keep = new List<Attempt>();
        foreach (var attempt in existing)
        {
            if (wanted.Contains(attempt.Candidate!.ParticipantNumber))
            {
                keep.Add(attempt);
            }
            else if (attempt.State == AttemptState.Waiting && attempt.StartedAt is null)
            {
                db.Attempts.Remove(attempt);
            }
            else
            {
                keep.Add(attempt);
                _refusals.Add($"{_at}: peserta {attempt.Candidate.ParticipantNumber} tidak ada lagi di paket, tetapi ujiannya sudah dimulai di lokasi ini; kursinya tetap.");
            }
        }
        var byNumber = keep.ToDictionary(a => a.Candidate!.ParticipantNumber, StringComparer.Ordinal);
        var fixedSeats = keep.Where(a => a.State != AttemptState.Waiting || a.StartedAt is not null).Select(a => a.Seat).OfType<int>().ToHashSet();
        var taken = new HashSet<int>(fixedSeats);
        var unseated = new List<Attempt>();
        foreach (var c in package.Candidates.OrderBy(c => c.ParticipantNumber, StringComparer.Ordinal))
        {
            if (!byNumber.TryGetValue(c.ParticipantNumber, out var attempt))
            {
                attempt = new Attempt { ExamSession = session, Candidate = candidates[c.ParticipantNumber], State = AttemptState.Waiting };
                db.Attempts.Add(attempt);
            }
            else if (fixedSeats.Contains(attempt.Seat ?? 0))
            {
                if (c.Seat is { } moved && moved != attempt.Seat)
                {
                    _refusals.Add($"{_at}: kursi peserta {c.ParticipantNumber} tetap {attempt.Seat} (bukan {moved}) karena ujiannya sudah dimulai.");
                }
                continue;
            }
            if (c.Seat is { } seat && taken.Add(seat))
            {
                attempt.Seat = seat;
            }
            else
            {
                if (c.Seat is { } busy)
                {
                    _refusals.Add($"{_at}: kursi {busy} untuk peserta {c.ParticipantNumber} sudah terpakai peserta yang ujiannya dimulai; diberi kursi kosong lain.");
                }
                unseated.Add(attempt);
            }
        }
        var free = new Queue<int>(Enumerable.Range(1, Math.Max(session.Seats, package.Session.Seats)).Where(s => !taken.Contains(s)));
        foreach (var attempt in unseated)
        {
            attempt.Seat = free.TryDequeue(out var next) ? next : null;
        }
    }
}
