using System.Globalization;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using AsnCat.Server.Ledger;
using AsnCat.Server.Results;
using AsnCat.Tool.Banks;
using Hangfire;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Console;

public sealed record SessionRow(
    int Id, string Code, string Venue, string? Room, string TimeZone, DateTimeOffset StartsAt, SessionState State,
    int Seats, int Candidates, int Finished, string BankCode);

public sealed record SessionSeat(int AttemptId, int? Seat, string ParticipantNumber, string Name, string FormationCode, AttemptState State, string? EndedBy, bool HasPin);

public sealed record SessionDetail(SessionRow Row, string BlueprintCode, string ThresholdSetCode, string BankTitle, IReadOnlyList<SessionSeat> Seats);

public sealed record BankChoice(int Id, string Code, string Title, string BlueprintCode, int ItemCount, bool Locked);

public sealed record IssuedPin(int? Seat, string ParticipantNumber, string Name, string Pin);

/// <summary>The form for a new session. Start is the venue's local date and time.</summary>
public sealed class NewSessionForm
{
    public string Code { get; set; } = "";
    public string Venue { get; set; } = "";
    public string TimeZone { get; set; } = IndonesianTime.Default;
    public DateOnly Date { get; set; }
    public TimeOnly Time { get; set; } = new(8, 0);
    public string Room { get; set; } = "";
    public int Seats { get; set; } = 40;
    public int BankVersionId { get; set; }
    public string ThresholdSetCode { get; set; } = "skd-2024";
}

/// <summary>Why a console action was refused: the API answers 422, 404, 403 or 409 for them.</summary>
public enum ActionFailure
{
    None,
    /// <summary>The input is wrong (<see cref="ActionResult.Fields"/> names the fields when it can).</summary>
    Invalid,
    /// <summary>No such session or candidate, or not at the user's venues.</summary>
    NotFound,
    /// <summary>The user's role may not do this.</summary>
    Forbidden,
    /// <summary>Not in the state the action needs (e.g. starting an ended session).</summary>
    Conflict,
}

/// <summary>
/// The outcome of a console action: done, or why not (in Indonesian, for the screen), with the
/// kind of refusal and, for a form, the messages per field (camelCase names, as the API's JSON).
/// </summary>
public sealed record ActionResult(bool Ok, IReadOnlyList<string> Errors, int? Id = null)
{
    public ActionFailure Failure { get; init; }

    public IReadOnlyDictionary<string, string[]> Fields { get; init; } = new Dictionary<string, string[]>();

    public static ActionResult Done(int? id = null) => new(true, [], id);

    public static ActionResult Fail(params string[] errors) => new(false, errors) { Failure = ActionFailure.Invalid };

    public static ActionResult Fail(ActionFailure failure, params string[] errors) => new(false, errors) { Failure = failure };

    /// <summary>A refused form: every message of every field, in order.</summary>
    public static ActionResult Invalid(IEnumerable<(string Field, string Message)> errors)
    {
        var list = errors.ToList();
        return new(false, [.. list.Select(e => e.Message)])
        {
            Failure = ActionFailure.Invalid,
            Fields = list.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
        };
    }
}

/// <summary>
/// The committee's and proctors' work on exam sessions: schedule, assign candidates and seats,
/// issue PINs, open, start, pause, resume and end, and the per-seat actions. Reads go through
/// EF Core; everything that changes a session or attempt under way goes through
/// <see cref="ExamControl"/> (the exam writer). Every call is checked against the user's
/// <see cref="StaffScope"/>: proctors act only at their venues and cannot schedule.
/// </summary>
public sealed class SessionAdmin(IDbContextFactory<AsnCatDb> dbFactory, ExamControl control, RulesCatalog rules, TimeProvider time)
{
    /// <summary>The largest venue (DOMAIN.md: 50 to 1,400 seats each) can seat all its candidates in one session.</summary>
    public const int MaxSeats = 1400;

    public async Task<IReadOnlyList<SessionRow>> ListAsync(StaffScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Rows(db.ExamSessions.AsNoTracking()).ToListAsync(ct);
        return [.. rows.Where(r => scope.Sees(r.Venue)).OrderByDescending(r => r.StartsAt).ThenBy(r => r.Code, StringComparer.Ordinal)];
    }

    public async Task<SessionDetail?> GetAsync(int id, StaffScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Rows(db.ExamSessions.AsNoTracking().Where(s => s.Id == id)).SingleOrDefaultAsync(ct);
        if (row is null || !scope.Sees(row.Venue))
        {
            return null;
        }
        var more = await db.ExamSessions.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new { s.BlueprintCode, s.ThresholdSetCode, s.BankVersion!.Title }).SingleAsync(ct);
        var seats = await db.Attempts.AsNoTracking().Where(a => a.ExamSessionId == id)
            .Select(a => new SessionSeat(a.Id, a.Seat, a.Candidate!.ParticipantNumber, a.Candidate.Name, a.Candidate.Formation!.Code, a.State, a.EndedBy, a.PinHash != null))
            .ToListAsync(ct);
        return new SessionDetail(row, more.BlueprintCode, more.ThresholdSetCode, more.Title,
            [.. seats.OrderBy(s => s.Seat ?? int.MaxValue).ThenBy(s => s.ParticipantNumber, StringComparer.Ordinal)]);
    }

    public async Task<IReadOnlyList<BankChoice>> BanksAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.BankVersions.AsNoTracking().OrderByDescending(b => b.Id)
            .Select(b => new BankChoice(b.Id, b.Code, b.Title, b.BlueprintCode, b.ItemCount, b.Locked)).ToListAsync(ct);
    }

    /// <summary>The threshold sets shipped with the server (<c>thresholds/*.yaml</c>).</summary>
    public IReadOnlyList<string> ThresholdSets()
    {
        var dir = Path.Combine(rules.Root, "thresholds");
        return Directory.Exists(dir)
            ? [.. Directory.GetFiles(dir, "*.yaml").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>Schedules a session; the bank version it uses is locked from now on.</summary>
    public async Task<ActionResult> CreateAsync(NewSessionForm form, StaffScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanManage)
        {
            return ActionResult.Fail(ActionFailure.Forbidden, "Hanya panitia yang dapat menjadwalkan sesi.");
        }
        var errors = new List<(string Field, string Message)>();
        var code = form.Code.Trim();
        if (code.Length is 0 or > 100 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add(("code", "Kode sesi wajib diisi: huruf, angka, tanda - _ . (maksimal 100), misalnya SKD-JKT-001."));
        }
        var venue = form.Venue.Trim();
        if (venue.Length is 0 or > 300)
        {
            errors.Add(("venue", "Lokasi (titik lokasi ujian) wajib diisi, maksimal 300 karakter."));
        }
        if (!IndonesianTime.Zones.TryGetValue(form.TimeZone, out var offset))
        {
            errors.Add(("timeZone", "Zona waktu harus WIB, WITA atau WIT."));
        }
        if (form.Seats is < 1 or > MaxSeats)
        {
            errors.Add(("seats", $"Jumlah kursi harus 1 sampai {MaxSeats}."));
        }
        var startsAt = new DateTimeOffset(form.Date.ToDateTime(form.Time), offset);
        if (form.Date == default)
        {
            errors.Add(("date", "Tanggal ujian wajib diisi."));
        }
        else if (offset != default && startsAt <= time.GetUtcNow())
        {
            // the due-session job would open a past start at once: a typo in the date must not open a session
            errors.Add(("startsAt", $"Tanggal dan jam mulai {IndonesianTime.DateTime(startsAt, form.TimeZone)} sudah lewat (sekarang {IndonesianTime.DateTime(time.GetUtcNow(), form.TimeZone)}). "
                + "Isi tanggal dan jam mulai yang akan datang, menurut waktu setempat di titik lokasi."));
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var bank = await db.BankVersions.SingleOrDefaultAsync(b => b.Id == form.BankVersionId, ct);
        if (bank is null)
        {
            errors.Add(("bankVersionId", "Pilih versi bank soal."));
        }
        var thresholds = ThresholdSets().Contains(form.ThresholdSetCode) ? rules.Thresholds(form.ThresholdSetCode) : null;
        if (thresholds is null)
        {
            errors.Add(("thresholdSetCode", $"Ambang batas '{form.ThresholdSetCode}' tidak dikenal."));
        }
        else if (bank is not null && thresholds.Blueprint.Code != bank.BlueprintCode)
        {
            errors.Add(("thresholdSetCode", $"Ambang batas {thresholds.Code} untuk kisi-kisi {thresholds.Blueprint.Code}, sedangkan bank soal memakai {bank.BlueprintCode}."));
        }
        if (code.Length > 0 && await db.ExamSessions.AnyAsync(s => s.Code == code, ct))
        {
            errors.Add(("code", $"Kode sesi {code} sudah dipakai."));
        }
        if (errors.Count > 0)
        {
            return ActionResult.Invalid(errors);
        }
        var session = new ExamSession
        {
            Code = code,
            Venue = venue,
            TimeZone = form.TimeZone,
            StartsAt = startsAt.ToUniversalTime(),
            Room = string.IsNullOrWhiteSpace(form.Room) ? null : form.Room.Trim(),
            Seats = form.Seats,
            BlueprintCode = bank!.BlueprintCode,
            BlueprintSnapshotId = bank.BlueprintSnapshotId,
            BankVersionId = bank.Id,
            ThresholdSetCode = thresholds!.Code,
            Seed = ExamSession.NewSeed(),
            State = SessionState.Scheduled,
        };
        bank.Locked = true;
        db.ExamSessions.Add(session);
        db.AuditEntries.Add(Audit(scope, AuditActions.Session.Created, null, new { code, venue, startsAt, bank = bank.Hash, thresholds = thresholds.Code, form.Seats }));
        await db.SaveChangesAsync(ct);
        return ActionResult.Done(session.Id);
    }

    /// <summary>
    /// Assigns candidates, named by participant number or by formation code (one per line or
    /// separated by commas), to the next free seats. All or nothing, before the session starts.
    /// </summary>
    public async Task<ActionResult> AssignAsync(int sessionId, string names, StaffScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanManage)
        {
            return ActionResult.Fail(ActionFailure.Forbidden, "Hanya panitia yang dapat menetapkan peserta.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.ExamSessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return ActionResult.Fail(ActionFailure.NotFound, "Sesi tidak ditemukan.");
        }
        if (session.State is not (SessionState.Scheduled or SessionState.Open))
        {
            return ActionResult.Fail(ActionFailure.Conflict, "Peserta hanya dapat ditetapkan sebelum sesi dimulai.");
        }
        var tokens = names.Split([',', ';', '\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (tokens.Count == 0)
        {
            return ActionResult.Invalid([("names", "Tuliskan nomor peserta atau kode formasi, satu per baris.")]);
        }
        var byNumber = await db.Candidates.Include(c => c.Formation).Where(c => tokens.Contains(c.ParticipantNumber)).ToListAsync(ct);
        var formations = await db.Formations.Where(f => tokens.Contains(f.Code)).Select(f => new { f.Id, f.Code }).ToListAsync(ct);
        var formationIds = formations.Select(f => f.Id).ToList();
        var byFormation = await db.Candidates.Include(c => c.Formation).Where(c => formationIds.Contains(c.FormationId)).ToListAsync(ct);
        var errors = new List<string>();
        foreach (var t in tokens)
        {
            if (byNumber.All(c => c.ParticipantNumber != t) && formations.All(f => f.Code != t))
            {
                errors.Add($"'{t}' bukan nomor peserta maupun kode formasi yang terdaftar.");
            }
        }
        var wanted = byNumber.Concat(byFormation).DistinctBy(c => c.Id).OrderBy(c => c.ParticipantNumber, StringComparer.Ordinal).ToList();
        var wantedIds = wanted.Select(c => c.Id).ToList();
        var elsewhere = await db.Attempts.AsNoTracking()
            .Where(a => wantedIds.Contains(a.CandidateId) && !(a.State == AttemptState.Finished && a.EndedBy == EndReasons.Absent))
            .Select(a => new { a.CandidateId, a.ExamSessionId, a.ExamSession!.Code }).ToListAsync(ct);
        var here = elsewhere.Where(a => a.ExamSessionId == sessionId).Select(a => a.CandidateId).ToHashSet();
        foreach (var a in elsewhere.Where(a => a.ExamSessionId != sessionId))
        {
            errors.Add($"{wanted.Single(c => c.Id == a.CandidateId).ParticipantNumber} sudah terjadwal di sesi {a.Code}.");
        }
        var adding = wanted.Where(c => !here.Contains(c.Id)).ToList();
        var taken = (await db.Attempts.Where(a => a.ExamSessionId == sessionId && a.Seat != null).Select(a => a.Seat!.Value).ToListAsync(ct)).ToHashSet();
        var free = Enumerable.Range(1, session.Seats).Where(s => !taken.Contains(s)).ToList();
        errors.AddRange(Unjudgeable(session.ThresholdSetCode, adding));
        if (adding.Count > free.Count)
        {
            errors.Add($"Kursi tidak cukup: {adding.Count} peserta baru, {free.Count} kursi kosong dari {session.Seats}.");
        }
        if (errors.Count > 0)
        {
            return ActionResult.Invalid(errors.Select(e => ("names", e)));
        }
        for (var i = 0; i < adding.Count; i++)
        {
            db.Attempts.Add(new Attempt { ExamSessionId = sessionId, CandidateId = adding[i].Id, Seat = free[i], State = AttemptState.Waiting });
        }
        db.AuditEntries.Add(Audit(scope, AuditActions.Session.CandidatesAssigned, $"session:{sessionId}", new { count = adding.Count, names = tokens }));
        await db.SaveChangesAsync(ct);
        return ActionResult.Done(adding.Count);
    }

    /// <summary>
    /// Candidates the session's threshold set could not judge at the finish: a category it does not
    /// have, or a formation position missing from its per-position table (PPPK 2023).
    /// </summary>
    private IEnumerable<string> Unjudgeable(string thresholdSetCode, IEnumerable<Candidate> candidates)
    {
        if (rules.Thresholds(thresholdSetCode) is not { } set)
        {
            yield return $"Ambang batas '{thresholdSetCode}' sesi ini tidak dapat dimuat.";
            yield break;
        }
        foreach (var c in candidates)
        {
            var category = set.CategoryIndex(CandidateCategories.Code(c.Category));
            if (category < 0)
            {
                yield return $"{c.ParticipantNumber}: kategori '{CandidateCategories.Code(c.Category)}' tidak ada di ambang batas {set.Code} ({string.Join(", ", set.Categories.Select(k => k.Code))}); perbaiki kategorinya di impor peserta atau pilih ambang batas lain.";
            }
            else if (set.NeedsPosition(category) && set.PositionIndex(c.Formation?.Position) < 0)
            {
                yield return $"{c.ParticipantNumber}: {set.MissingPosition(c.Formation?.Position)}.";
            }
        }
    }

    /// <summary>
    /// Issues a fresh PIN to every candidate of the session who has not finished (at check-in).
    /// The PINs exist only in the returned list (stored hashed): print it or save it as CSV now.
    /// </summary>
    public async Task<IReadOnlyList<IssuedPin>> IssuePinsAsync(int sessionId, StaffScope scope, CancellationToken ct = default)
    {
        var detail = await GetAsync(sessionId, scope, ct);
        if (detail is null || detail.Row.State == SessionState.Ended)
        {
            return [];
        }
        var open = detail.Seats.Where(s => s.State != AttemptState.Finished).ToList();
        var pins = await Task.WhenAll(open.Select(s => control.IssuePinAsync(s.AttemptId, scope.UserName, scope.Address)));
        return [.. open.Zip(pins).Where(x => x.Second is not null).Select(x => new IssuedPin(x.First.Seat, x.First.ParticipantNumber, x.First.Name, x.Second!))];
    }

    /// <summary>One candidate's new PIN (forgotten PIN, locked out): the proctor hands it over at the seat.</summary>
    public async Task<string?> IssuePinAsync(int attemptId, StaffScope scope, CancellationToken ct = default) =>
        await SessionOfAttemptAsync(attemptId, scope, ct) is null ? null : await control.IssuePinAsync(attemptId, scope.UserName, scope.Address);

    /// <summary>A session-wide action; pause, resume and end need a reason, and only the committee ends a session.</summary>
    public async Task<ActionResult> SessionActionAsync(int sessionId, SessionAction action, string? reason, StaffScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var detail = await GetAsync(sessionId, scope, ct);
        if (detail is null)
        {
            return ActionResult.Fail(ActionFailure.NotFound, "Sesi tidak ditemukan atau di luar lokasi Anda.");
        }
        if (action is SessionAction.Pause or SessionAction.Resume or SessionAction.End && !ValidReason(reason))
        {
            return ActionResult.Invalid([("reason", ReasonRequired)]);
        }
        if (action == SessionAction.End && !scope.CanManage)
        {
            return ActionResult.Fail(ActionFailure.Forbidden, "Hanya panitia yang dapat mengakhiri sesi.");
        }
        var done = action switch
        {
            SessionAction.Open => await control.OpenSessionAsync(sessionId, scope.UserName, address: scope.Address),
            SessionAction.Start => await control.StartSessionAsync(sessionId, scope.UserName, address: scope.Address),
            SessionAction.Pause => await control.PauseSessionAsync(sessionId, scope.UserName, reason!.Trim(), scope.Address),
            SessionAction.Resume => await control.ResumeSessionAsync(sessionId, scope.UserName, reason!.Trim(), scope.Address),
            SessionAction.End => await control.EndSessionAsync(sessionId, scope.UserName, reason!.Trim(), scope.Address),
            _ => false,
        };
        return done ? ActionResult.Done(sessionId) : ActionResult.Fail(ActionFailure.Conflict, $"Tindakan tidak dapat dilakukan pada sesi berstatus {detail.Row.State.Label()}.");
    }

    /// <summary>A seat action (<see cref="SeatAction.Grant"/> with its minutes). A reason is always required.</summary>
    public async Task<ActionResult> SeatActionAsync(int attemptId, SeatAction action, string? reason, int minutes, StaffScope scope, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!ValidReason(reason))
        {
            return ActionResult.Invalid([("reason", ReasonRequired)]);
        }
        if (await SessionOfAttemptAsync(attemptId, scope, ct) is null)
        {
            return ActionResult.Fail(ActionFailure.NotFound, "Peserta tidak ditemukan atau di luar lokasi Anda.");
        }
        if (action == SeatAction.Grant && minutes is < 1 or > 120)
        {
            return ActionResult.Invalid([("minutes", "Tambahan waktu 1 sampai 120 menit.")]);
        }
        var r = reason!.Trim();
        var done = action switch
        {
            SeatAction.Release => await control.ReleaseTerminalAsync(attemptId, scope.UserName, r, scope.Address),
            SeatAction.Pause => await control.PauseAttemptAsync(attemptId, scope.UserName, r, scope.Address),
            SeatAction.Resume => await control.ResumeAttemptAsync(attemptId, scope.UserName, r, scope.Address),
            SeatAction.Grant => await control.GrantTimeAsync(attemptId, minutes, scope.UserName, r, scope.Address),
            SeatAction.Finish => await control.ForceFinishAsync(attemptId, scope.UserName, r, scope.Address) is not null,
            SeatAction.Disqualify => await control.DisqualifyAsync(attemptId, scope.UserName, r, scope.Address),
            _ => false,
        };
        return done ? ActionResult.Done(attemptId) : ActionResult.Fail(ActionFailure.Conflict, "Tindakan tidak dapat dilakukan pada peserta ini sekarang.");
    }

    public const string ReasonRequired = "Alasan wajib diisi (minimal 5 karakter); alasan dicatat di log audit.";

    public static bool ValidReason(string? reason) => reason is not null && reason.Trim().Length is >= 5 and <= 500;

    private async Task<int?> SessionOfAttemptAsync(int attemptId, StaffScope scope, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.Attempts.AsNoTracking().Where(a => a.Id == attemptId).Select(a => new { a.ExamSessionId, a.ExamSession!.Venue }).SingleOrDefaultAsync(ct);
        return s is not null && scope.Sees(s.Venue) ? s.ExamSessionId : null;
    }

    private static IQueryable<SessionRow> Rows(IQueryable<ExamSession> sessions) =>
        sessions.Select(s => new SessionRow(s.Id, s.Code, s.Venue, s.Room, s.TimeZone, s.StartsAt, s.State, s.Seats,
            s.Attempts.Count, s.Attempts.Count(a => a.State == AttemptState.Finished), s.BankVersion!.Code));

    private AuditEntry Audit(StaffScope scope, string action, string? subject, object details) => new()
    {
        At = time.GetUtcNow(),
        Actor = scope.UserName,
        Address = scope.Address,
        Action = action,
        Subject = subject,
        Details = System.Text.Json.JsonSerializer.Serialize(details),
    };
}
