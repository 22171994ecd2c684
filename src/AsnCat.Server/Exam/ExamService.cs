using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Scoring;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
namespace AsnCat.Server.Exam;

/// <summary>Which attempt a connection holds, and with which terminal token.</summary>
public sealed record TerminalBinding(int AttemptId, int SessionId, string TokenHash, string ParticipantNumber);

/// <summary>Who is calling: for audit entries.</summary>
public sealed record Caller(string ConnectionId, string? Address);

/// <summary>
/// The exam's rules for terminals: login and lockout, one active terminal, answers and marks
/// with sequence numbers, finishing and scoring, the clock. Every change runs in the
/// <see cref="ExamWriter"/>; replies leave only after the commit.
/// </summary>
public sealed partial class ExamService(ExamWriter writer, Secrets secrets, IExamNotifier notifier, AttemptHolders holders, ContentAccess content, Microsoft.Extensions.Options.IOptions<ExamOptions> options)
{
    public const int MaxPinFailures = 5;

    private static readonly SaveReply StorageDown = new(false, false, 0, ExamError.StorageUnavailable,
        "Jawaban BELUM tersimpan: server tidak dapat menyimpan saat ini. Jawaban akan dikirim ulang; lapor ke pengawas bila berlanjut.", null);

    private TimeSpan LockoutTime => TimeSpan.FromMinutes(options.Value.PinLockoutMinutes);

    public async Task<(LoginReply Reply, TerminalBinding? Binding)> LoginAsync(LoginRequest request, Caller caller) =>
        WithSet(await writer.RunAsync(async b =>
        {
            var pn = (request.ParticipantNumber ?? "").Trim();
            var id = b.Scalar<long?>(
                """
                SELECT a.Id FROM Attempts a JOIN Candidates c ON c.Id = a.CandidateId JOIN ExamSessions s ON s.Id = a.ExamSessionId
                WHERE c.ParticipantNumber = @pn AND s.State <> 'Ended' ORDER BY s.StartsAt DESC, a.Id DESC LIMIT 1
                """, ("@pn", pn));
            if (id is null || pn.Length == 0)
            {
                // whatever was typed is the actor, cut to what the audit log keeps (a hostile terminal may send kilobytes)
                b.Audit(pn.Length == 0 ? "anonim" : Truncate(pn, AuditLog.MaxActor)!, caller.Address, AuditActions.Login.Refused, null, Json(new { reason = "no_open_attempt" }));
                return Refuse(ExamError.SessionNotOpen, "Nomor peserta tidak terdaftar pada sesi ujian yang sedang dibuka. Periksa nomor peserta atau hubungi pengawas.");
            }
            var attempt = await b.AttemptAsync((int)id);
            var session = await b.SessionAsync(attempt.SessionId);
            var subject = $"attempt:{attempt.Id}";
            if (session.State == SessionState.Scheduled)
            {
                b.Audit(pn, caller.Address, AuditActions.Login.Refused, subject, Json(new { reason = "session_not_open" }));
                return Refuse(ExamError.SessionNotOpen, "Sesi ujian belum dibuka. Tunggu arahan pengawas.");
            }
            if (attempt.LockedUntil is { } until && until > b.Now)
            {
                b.Audit(pn, caller.Address, AuditActions.Login.Refused, subject, Json(new { reason = "locked" }));
                return Refuse(ExamError.LockedOut, $"Terlalu banyak PIN salah. Coba lagi dalam {Math.Ceiling((until - b.Now).TotalMinutes)} menit atau hubungi pengawas.");
            }
            if (!secrets.VerifyPin(attempt.PinHash, request.Pin ?? ""))
            {
                attempt.FailedPins++;
                if (attempt.FailedPins >= MaxPinFailures)
                {
                    attempt.LockedUntil = b.Now + LockoutTime;
                    attempt.FailedPins = 0;
                    b.Execute("UPDATE Attempts SET FailedPinCount = 0, LockedUntil = @until WHERE Id = @id", ("@until", attempt.LockedUntil.Value.UtcTicks), ("@id", attempt.Id));
                    b.Audit(pn, caller.Address, AuditActions.Login.Locked, subject, Json(new { failures = MaxPinFailures, minutes = LockoutTime.TotalMinutes }));
                    return Refuse(ExamError.LockedOut, $"PIN salah {MaxPinFailures} kali. Akun dikunci {LockoutTime.TotalMinutes:0} menit; hubungi pengawas.");
                }
                b.Execute("UPDATE Attempts SET FailedPinCount = @n WHERE Id = @id", ("@n", attempt.FailedPins), ("@id", attempt.Id));
                b.Audit(pn, caller.Address, AuditActions.Login.WrongPin, subject, Json(new { failures = attempt.FailedPins }));
                return Refuse(ExamError.WrongPin, $"PIN salah. Sisa percobaan: {MaxPinFailures - attempt.FailedPins}.");
            }
            // a candidate sits an exam (SKD) once per selection: a finished sitting of the same blueprint in
            // another session here (not absent) refuses this one; the centre flags what a venue cannot know
            var sat = b.Scalar<string?>(
                """
                SELECT s2.Code FROM Attempts a2 JOIN ExamSessions s2 ON s2.Id = a2.ExamSessionId
                WHERE a2.CandidateId = (SELECT CandidateId FROM Attempts WHERE Id = @id) AND a2.Id <> @id AND a2.State = 'Finished'
                  AND COALESCE(a2.EndedBy, '') <> 'absent' AND s2.BlueprintCode = (SELECT BlueprintCode FROM ExamSessions WHERE Id = @session)
                LIMIT 1
                """, ("@id", attempt.Id), ("@session", attempt.SessionId));
            if (sat is not null)
            {
                b.Audit(pn, caller.Address, AuditActions.Login.Refused, subject, Json(new { reason = "already_sat", session = sat }));
                return Refuse(ExamError.Finished, $"Peserta ini sudah mengikuti ujian yang sama di sesi {sat}; satu peserta satu kali per seleksi. Hubungi pengawas; keputusan ada pada panitia.");
            }
            if (attempt.TokenHash is not null)
            {
                b.Audit(pn, caller.Address, AuditActions.Login.Refused, subject, Json(new { reason = "other_terminal_active", terminal = Truncate(request.TerminalName, 100) }));
                return Refuse(ExamError.OtherTerminalActive, "Peserta ini sedang aktif di terminal lain. Minta pengawas untuk melepas terminal sebelumnya.");
            }
            var token = Secrets.NewToken();
            attempt.TokenHash = Secrets.HashToken(token);
            attempt.FailedPins = 0;
            b.Execute("UPDATE Attempts SET TokenHash = @t, FailedPinCount = 0, LockedUntil = NULL, TerminalId = @terminal WHERE Id = @id",
                ("@t", attempt.TokenHash), ("@terminal", Truncate(request.TerminalName, 100)), ("@id", attempt.Id));
            await EnsureStartedAsync(b, attempt, session);
            await EndIfExpiredAsync(b, attempt, session);
            b.Audit(pn, caller.Address, AuditActions.Login.Ok, subject, Json(new { terminal = Truncate(request.TerminalName, 100) }));
            TakeOver(b, attempt, caller);
            var (view, set) = await ViewAsync(b, attempt, session);
            return new Entry(new LoginReply(true, ExamError.None, null, token, view), new TerminalBinding(attempt.Id, attempt.SessionId, attempt.TokenHash, attempt.ParticipantNumber), set);
        }, () => Entry.Refused(ExamError.StorageUnavailable, "Server sedang tidak dapat menyimpan. Coba lagi sebentar.")), null);

    public async Task<(LoginReply Reply, TerminalBinding? Binding)> ReattachAsync(ResumeRequest request, Caller caller) =>
        WithSet(await writer.RunAsync(async b =>
        {
            var hash = Secrets.HashToken(request.Token ?? "");
            var id = b.Scalar<long?>("SELECT Id FROM Attempts WHERE TokenHash = @h", ("@h", hash));
            if (id is null)
            {
                b.Audit("anonim", caller.Address, AuditActions.Reattach.Refused, null, null);
                return Refuse(ExamError.NotLoggedIn, "Sesi terminal tidak berlaku lagi. Silakan masuk dengan nomor peserta dan PIN.");
            }
            var attempt = await b.AttemptAsync((int)id);
            var session = await b.SessionAsync(attempt.SessionId);
            await EnsureStartedAsync(b, attempt, session);
            await EndIfExpiredAsync(b, attempt, session);
            TakeOver(b, attempt, caller);
            var (view, set) = await ViewAsync(b, attempt, session);
            return new Entry(new LoginReply(true, ExamError.None, null, request.Token, view), new TerminalBinding(attempt.Id, attempt.SessionId, hash, attempt.ParticipantNumber), set);
        }, () => Entry.Refused(ExamError.StorageUnavailable, "Server sedang tidak dapat menyimpan. Coba lagi sebentar.")), request.SetHash);

    public Task<SaveReply> SaveAnswerAsync(TerminalBinding? binding, SaveAnswerRequest request, Caller caller) =>
        ChangeAsync(binding, caller, request.Position, request.Seq, AuditActions.Answer.Refused, (b, attempt, set) =>
        {
            if (request.Slot is { } s && (s < 0 || s >= Options.Count))
            {
                return (ExamError.InvalidOption, $"Pilihan {s} di luar A-E.");
            }
            var p = request.Position;
            if (request.Seq <= attempt.AnswerSeq[p])
            {
                return (ExamError.None, null); // a retry or an older change: acknowledged, not applied
            }
            var original = request.Slot is { } slot ? set.OriginalOption(p, slot) : (int?)null;
            attempt.Options[p] = original;
            attempt.AnswerSeq[p] = request.Seq;
            b.StoreAnswer(attempt, p, "answer", original, attempt.Doubtful[p], request.Seq);
            return (ExamError.None, "applied");
        });

    public Task<SaveReply> MarkDoubtfulAsync(TerminalBinding? binding, MarkDoubtfulRequest request, Caller caller) =>
        ChangeAsync(binding, caller, request.Position, request.Seq, AuditActions.Doubtful.Refused, (b, attempt, _) =>
        {
            var p = request.Position;
            if (request.Seq <= attempt.DoubtfulSeq[p])
            {
                return (ExamError.None, null);
            }
            attempt.Doubtful[p] = request.Doubtful;
            attempt.DoubtfulSeq[p] = request.Seq;
            b.StoreAnswer(attempt, p, "doubtful", attempt.Options[p], request.Doubtful, request.Seq);
            return (ExamError.None, "applied");
        });

    public Task<FinishReply> FinishAsync(TerminalBinding? binding, FinishRequest request, Caller caller) =>
        writer.RunAsync(async b =>
        {
            var (attempt, error) = await BoundAsync(b, binding, caller, AuditActions.Finish.Refused);
            if (attempt is null)
            {
                return new FinishReply(false, error!.Value.Error, error.Value.Message, null);
            }
            await EndIfExpiredAsync(b, attempt, await b.SessionAsync(attempt.SessionId));
            if (attempt.State == AttemptState.Finished)
            {
                return new FinishReply(true, ExamError.None, null, attempt.Result);
            }
            if (!request.Confirmed)
            {
                return new FinishReply(false, ExamError.NotConfirmed, "Konfirmasi diperlukan untuk mengakhiri ujian.", null);
            }
            var session = await b.SessionAsync(attempt.SessionId);
            if (attempt.State != AttemptState.Running || session.State == SessionState.Paused)
            {
                return new FinishReply(false, session.State == SessionState.Paused ? ExamError.Paused : ExamError.NotStarted, "Ujian belum berjalan atau sedang dijeda.", null);
            }
            var result = await FinishCoreAsync(b, attempt, "candidate", caller.Address);
            return new FinishReply(true, ExamError.None, null, result);
        }, () => new FinishReply(false, ExamError.StorageUnavailable, "Server sedang tidak dapat menyimpan; ujian belum diakhiri. Coba lagi.", null));

    public Task<ClockReply> ClockAsync(TerminalBinding? binding, Caller caller) =>
        writer.RunAsync(async b =>
        {
            var (attempt, error) = await BoundAsync(b, binding, caller, null);
            if (attempt is null)
            {
                return new ClockReply(false, error!.Value.Error, error.Value.Message, null);
            }
            return new ClockReply(true, ExamError.None, null, Clock(b, attempt, await b.SessionAsync(attempt.SessionId), await b.Materials.ForSessionAsync(attempt.SessionId)));
        }, () => new ClockReply(false, ExamError.StorageUnavailable, "Server sedang tidak dapat menjawab. Coba lagi sebentar.", null));

    /// <summary>
    /// Keeps the candidate's display and the question on screen with the attempt, in any phase
    /// (a candidate may enlarge the font in the waiting room or read the result in high contrast).
    /// Not audited: it changes nothing the exam scores.
    /// </summary>
    public Task<DisplayReply> SaveDisplayAsync(TerminalBinding? binding, DisplayRequest request, Caller caller) =>
        writer.RunAsync(async b =>
        {
            var (attempt, error) = await BoundAsync(b, binding, caller, null);
            if (attempt is null)
            {
                return new DisplayReply(false, error!.Value.Error, error.Value.Message);
            }
            if (attempt.Set is not { } set || request.Position < 0 || request.Position >= set.Count)
            {
                return new DisplayReply(false, ExamError.InvalidPosition, $"Nomor soal {(long)request.Position + 1} tidak ada dalam perangkat soal Anda.");
            }
            var display = new DisplayView(request.FontStep, request.HighContrast, request.Position);
            if (display != attempt.Display)
            {
                attempt.Display = display;
                b.Execute("UPDATE Attempts SET FontStep = @f, HighContrast = @c, LastPosition = @p WHERE Id = @id",
                    ("@f", display.FontStep), ("@c", display.HighContrast), ("@p", display.Position), ("@id", attempt.Id));
            }
            return new DisplayReply(true, ExamError.None, null);
        }, () => new DisplayReply(false, ExamError.StorageUnavailable, "Server sedang tidak dapat menyimpan tampilan. Coba lagi sebentar."));

    /// <summary>Ends and scores an attempt (deadline, proctor or candidate); exactly once, inside the writer.</summary>
    /// <param name="at">When it ended: now, or the deadline for an attempt that ran out of time (whoever noticed it first).</param>
    internal async Task<ExamResult> FinishCoreAsync(WriterBatch b, AttemptRuntime attempt, string endedBy, string? address, DateTimeOffset? at = null)
    {
        var finishedAt = at ?? b.Now;
        var material = await b.Materials.ForSessionAsync(attempt.SessionId);
        var sheet = new sbyte[attempt.Set!.Count];
        for (var p = 0; p < sheet.Length; p++)
        {
            sheet[p] = attempt.Options[p] is { } o ? (sbyte)o : AnswerKey.Blank;
        }
        var card = material.Key.Score(attempt.Set, sheet);
        var outcome = material.Thresholds.Evaluate(attempt.Category, card, attempt.Position);
        var scores = material.Blueprint.Subtests.Select((s, i) => (s.Code, card.Subtests[i])).ToDictionary(x => x.Code, x => x.Item2);
        b.Execute("UPDATE Attempts SET State = 'Finished', FinishedAt = @at, Scores = @scores, Total = @total, Passed = @passed, EndedBy = @by, Version = Version + 1 WHERE Id = @id",
            ("@at", finishedAt.UtcTicks), ("@scores", JsonSerializer.Serialize(scores)), ("@total", card.Total), ("@passed", outcome.Passed), ("@by", endedBy), ("@id", attempt.Id));
        b.Audit(endedBy == "candidate" ? attempt.ParticipantNumber : endedBy, address, AuditActions.Attempt.Finished, $"attempt:{attempt.Id}",
            Json(new { endedBy, scores, total = card.Total, passed = outcome.Passed }));
        attempt.State = AttemptState.Finished;
        attempt.Result = WriterBatch.ResultOf(material, attempt, scores, card.Total, outcome.Passed, finishedAt, endedBy);
        var result = attempt.Result;
        b.AfterCommit.Add(() => notifier.AttemptEndedAsync(attempt.Id, result));
        return result;
    }

    /// <summary>
    /// An attempt past its deadline (session running, not paused) has ended at the deadline; the
    /// sweep usually ends it within a second, and a login, re-attach or finish that comes first
    /// ends it the same way, so nobody finishes "by the candidate" after the time is up.
    /// </summary>
    internal async Task EndIfExpiredAsync(WriterBatch b, AttemptRuntime attempt, SessionRuntime session)
    {
        if (attempt.State == AttemptState.Running && attempt.Deadline is { } deadline && deadline <= b.Now
            && session.State == SessionState.Running && attempt.PausedAt is null)
        {
            await FinishCoreAsync(b, attempt, EndReasons.Deadline, null, deadline);
        }
    }

    private Task<SaveReply> ChangeAsync(TerminalBinding? binding, Caller caller, int position, long seq, string refused,
        Func<WriterBatch, AttemptRuntime, QuestionSet, (ExamError Error, string? Note)> apply) =>
        writer.RunAsync(async b =>
        {
            var (attempt, error) = await BoundAsync(b, binding, caller, refused);
            if (attempt is null)
            {
                return new SaveReply(false, false, seq, error!.Value.Error, error.Value.Message, null);
            }
            var session = await b.SessionAsync(attempt.SessionId);
            var refusal = attempt.State switch
            {
                AttemptState.Finished => (ExamError.Finished, "Ujian sudah selesai; jawaban tidak dapat diubah."),
                AttemptState.Waiting => (ExamError.NotStarted, "Ujian belum dimulai."),
                _ when session.State == SessionState.Paused || attempt.PausedAt is not null => (ExamError.Paused, "Ujian sedang dijeda oleh pengawas; jawaban belum dapat disimpan."),
                _ when attempt.Deadline is { } d && b.Now >= d => (ExamError.TimeUp, "Waktu ujian sudah habis; jawaban tidak lagi diterima."),
                _ when position < 0 || position >= attempt.Set!.Count => (ExamError.InvalidPosition, $"Nomor soal {(long)position + 1} tidak ada dalam perangkat soal Anda."),
                _ when seq <= 0 => (ExamError.InvalidRequest, "Nomor urut perubahan tidak valid."),
                _ => (ExamError.None, (string?)null),
            };
            if (refusal.Item1 != ExamError.None)
            {
                b.Audit(attempt.ParticipantNumber, caller.Address, refused, $"attempt:{attempt.Id}", Json(new { position, seq, reason = refusal.Item1.ToString() }));
                return new SaveReply(false, false, seq, refusal.Item1, refusal.Item2, CurrentOrNull(attempt, position));
            }
            var (applyError, note) = apply(b, attempt, attempt.Set!);
            if (applyError != ExamError.None)
            {
                b.Audit(attempt.ParticipantNumber, caller.Address, refused, $"attempt:{attempt.Id}", Json(new { position, seq, reason = applyError.ToString() }));
                return new SaveReply(false, false, seq, applyError, note, Current(attempt, position));
            }
            return new SaveReply(true, note is not null, seq, ExamError.None, null, Current(attempt, position));
        }, () => StorageDown with { Seq = seq });

    /// <summary>The attempt <paramref name="binding"/> holds, if this connection still writes it; a refusal is audited as <paramref name="refused"/> (null: not audited, a read).</summary>
    private async ValueTask<(AttemptRuntime? Attempt, (ExamError Error, string Message)? Error)> BoundAsync(WriterBatch b, TerminalBinding? binding, Caller caller, string? refused)
    {
        if (binding is null)
        {
            if (refused is not null)
            {
                b.Audit("anonim", caller.Address, refused, null, Json(new { reason = "not_logged_in", connection = caller.ConnectionId }));
            }
            return (null, (ExamError.NotLoggedIn, "Terminal belum masuk. Silakan masuk dengan nomor peserta dan PIN."));
        }
        var attempt = await b.AttemptAsync(binding.AttemptId);
        var released = attempt.TokenHash != binding.TokenHash;
        if (released || !holders.Holds(attempt.Id, caller.ConnectionId))
        {
            if (refused is not null)
            {
                b.Audit(binding.ParticipantNumber, caller.Address, refused, $"attempt:{attempt.Id}", Json(new { reason = released ? "terminal_released" : "taken_over" }));
            }
            return (null, (ExamError.Released, released ? ReleasedMessage : TakenOverMessage));
        }
        return (attempt, null);
    }

    public const string ReleasedMessage = "Terminal ini sudah dilepas oleh pengawas. Silakan masuk kembali.";

    public const string TakenOverMessage = "Ujian ini dilanjutkan di koneksi lain. Terminal ini tidak lagi menyimpan jawaban.";

    /// <summary>
    /// Makes the caller's connection the attempt's only writer once this batch commits; a previous
    /// writer still connected is told at once and audited as taken over.
    /// </summary>
    private void TakeOver(WriterBatch b, AttemptRuntime attempt, Caller caller)
    {
        var previous = holders.Holder(attempt.Id);
        if (previous is not null && previous != caller.ConnectionId)
        {
            b.Audit(attempt.ParticipantNumber, caller.Address, AuditActions.Attempt.TakenOver, $"attempt:{attempt.Id}",
                Json(new { from = previous, to = caller.ConnectionId }));
        }
        var id = attempt.Id;
        b.AfterCommit.Add(() =>
        {
            holders.Take(id, caller.ConnectionId);
            return previous is not null && previous != caller.ConnectionId ? notifier.TakenOverAsync(id, previous, TakenOverMessage) : Task.CompletedTask;
        });
    }

    /// <summary>Starts an attempt whose session is running: draws its set once, sets its deadline.</summary>
    internal static async Task EnsureStartedAsync(WriterBatch b, AttemptRuntime attempt, SessionRuntime session)
    {
        var material = await b.Materials.ForSessionAsync(attempt.SessionId);
        if (attempt.Set is null)
        {
            attempt.Set = material.Pool.Draw(session.Seed, attempt.ParticipantNumber);
            attempt.SizeFor(attempt.Set.Count);
            b.Execute("UPDATE Attempts SET SetText = @set WHERE Id = @id", ("@set", attempt.Set.ToText(material.Pool)), ("@id", attempt.Id));
        }
        if (attempt.State == AttemptState.Waiting && session.State is SessionState.Running or SessionState.Paused && session.StartedAt is { } started)
        {
            attempt.State = AttemptState.Running;
            attempt.Deadline = started + TimeSpan.FromMinutes(material.Blueprint.DurationMinutes + attempt.CandidateExtraMinutes + attempt.GrantedMinutes);
            b.Execute("UPDATE Attempts SET State = 'Running', StartedAt = @s, Deadline = @d WHERE Id = @id",
                ("@s", started.UtcTicks), ("@d", attempt.Deadline.Value.UtcTicks), ("@id", attempt.Id));
        }
    }

    internal static ClockView Clock(WriterBatch b, AttemptRuntime attempt, SessionRuntime session, ExamMaterial material)
    {
        var phase = attempt.State switch
        {
            AttemptState.Finished => ExamPhase.Finished,
            AttemptState.Running when session.State == SessionState.Paused || attempt.PausedAt is not null => ExamPhase.Paused,
            AttemptState.Running => ExamPhase.Running,
            _ => ExamPhase.Waiting,
        };
        // while paused: since when and why, the candidate's own pause before the session's
        var (pausedSince, reason) = phase != ExamPhase.Paused ? (null, null)
            : attempt.PausedAt is { } own ? (own, attempt.PauseReason)
            : (session.PausedAt, session.PauseReason);
        return new ClockView(phase, b.Now, session.StartedAt ?? session.StartsAt, attempt.Deadline,
            material.Blueprint.DurationMinutes + attempt.CandidateExtraMinutes + attempt.GrantedMinutes, pausedSince, reason);
    }

    /// <summary>
    /// The attempt as the terminal shows it, without the set: the set is withheld in the waiting
    /// room (nobody reads a question before the start); otherwise it is returned to be named by <see cref="WithSet"/>.
    /// </summary>
    private static async Task<(ExamView View, SetToName? Set)> ViewAsync(WriterBatch b, AttemptRuntime attempt, SessionRuntime session)
    {
        var material = await b.Materials.ForSessionAsync(attempt.SessionId);
        var set = attempt.Set!;
        var clock = Clock(b, attempt, session, material);
        var answers = new List<AnswerView>();
        for (var p = 0; p < set.Count; p++)
        {
            if (attempt.Options[p] is not null || attempt.Doubtful[p])
            {
                answers.Add(Current(attempt, p));
            }
        }
        var view = new ExamView(
            new CandidateView(attempt.ParticipantNumber, attempt.Name, session.Code, session.Venue, session.TimeZone, attempt.LargeFont, attempt.ScreenReader),
            clock.Phase,
            clock,
            material.Subtests(),
            null,
            null,
            answers,
            attempt.LastSeq,
            attempt.Result,
            attempt.Display);
        return (view, clock.Phase == ExamPhase.Waiting ? null : new SetToName(material, set, session.Id));
    }

    /// <summary>What is stored at a position, with the option as the slot this candidate sees.</summary>
    internal static AnswerView Current(AttemptRuntime attempt, int position)
    {
        int? slot = null;
        if (attempt.Options[position] is { } original)
        {
            for (var k = 0; k < Options.Count; k++)
            {
                if (attempt.Set!.OriginalOption(position, k) == original)
                {
                    slot = k;
                }
            }
        }
        return new AnswerView(position, slot, attempt.Doubtful[position]);
    }

    private static AnswerView? CurrentOrNull(AttemptRuntime attempt, int position) =>
        attempt.Set is not null && position >= 0 && position < attempt.Set.Count ? Current(attempt, position) : null;

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static string? Truncate(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];
}
