using System.Collections.Concurrent;
using AsnCat.Contracts.Live;
using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.Exam;
using Microsoft.EntityFrameworkCore;

namespace AsnCat.Server.Live;

/// <summary>An attempt as the board reads it from the database each rebuild (no answers, no set text).</summary>
internal sealed record SeatHeader(
    int Id, string ParticipantNumber, string Name, CandidateCategory Category, AttemptState State, bool HasSet,
    Dictionary<string, int>? Scores, int? Total, bool? Passed, string? EndedBy, bool LoggedIn, string? Position);

/// <summary>
/// What the board of one watched session is built from, per attempt: its question set, its
/// answer sheet and count. Read from the database once per attempt, then replaced by the
/// copies the writer hands over at each commit (<see cref="Notes"/>, applied in commit order:
/// a copy older than what was read is followed in the queue by the newer one). One build at a
/// time (<see cref="Gate"/>).
/// </summary>
internal sealed class SessionSheets
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public Dictionary<int, Seat> Seats { get; } = [];

    public ConcurrentQueue<SheetNote> Notes { get; } = new();

    /// <summary>The last board built (the venue boards reuse it).</summary>
    public volatile LiveBoard? Board;

    /// <summary>Each candidate's place on <see cref="Board"/> (board order: by participant number), by attempt id.</summary>
    public Dictionary<int, int> Places { get; } = [];

    /// <summary>When every candidate was last read from the database (none yet: the minimum).</summary>
    public DateTimeOffset ReadAllAt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Keeps where each candidate of a full read, in board order, stands.</summary>
    public void KeepAll(List<SeatHeader> ordered, DateTimeOffset at)
    {
        Places.Clear();
        for (var i = 0; i < ordered.Count; i++)
        {
            Places[ordered[i].Id] = i;
        }
        ReadAllAt = at;
    }

    /// <summary>Reads the set and answers of attempts not known yet (all of them the first time), and of running ones whose set was drawn since.</summary>
    public async Task LoadMissingAsync(AsnCatDb db, ExamMaterial material, List<SeatHeader> attempts, CancellationToken ct)
    {
        var missing = attempts
            .Where(a => !Seats.TryGetValue(a.Id, out var seat) || (a.HasSet && a.State == AttemptState.Running && seat.Set is null))
            .Select(a => a.Id)
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var sets = await db.Attempts.AsNoTracking()
            .Where(a => missing.Contains(a.Id) && a.State == AttemptState.Running && a.SetText != null)
            .Select(a => new { a.Id, a.SetText })
            .ToDictionaryAsync(a => a.Id, a => a.SetText!, ct);
        var answers = await db.Answers.AsNoTracking().Where(x => missing.Contains(x.AttemptId) && x.Option != null)
            .Select(x => new { x.AttemptId, x.Position, Option = x.Option!.Value })
            .ToListAsync(ct);
        var loaded = new Dictionary<int, Seat>(missing.Count);
        foreach (var id in missing)
        {
            var seat = new Seat();
            if (sets.TryGetValue(id, out var text))
            {
                seat.Set = material.Pool.Parse(text);
                seat.Options = new sbyte[seat.Set.Count];
                Array.Fill(seat.Options, AnswerKey.Blank);
            }
            loaded[id] = seat;
        }
        var questions = material.Blueprint.TotalItems;
        foreach (var x in answers)
        {
            if (x.Position < 0 || x.Position >= questions || !loaded.TryGetValue(x.AttemptId, out var seat))
            {
                continue;
            }
            seat.Answered++;
            if (seat.Options is { } options && x.Position < options.Length)
            {
                options[x.Position] = (sbyte)x.Option;
            }
        }
        foreach (var (id, seat) in loaded)
        {
            Seats[id] = seat;
        }
    }

    /// <summary>Takes every copy the writer handed over since the last build; returns the attempts they were of.</summary>
    public HashSet<int> ApplyNotes()
    {
        var noted = new HashSet<int>();
        while (Notes.TryDequeue(out var note))
        {
            noted.Add(note.AttemptId);
            if (!Seats.TryGetValue(note.AttemptId, out var seat))
            {
                Seats[note.AttemptId] = seat = new Seat();
            }
            seat.Take(note);
        }
        return noted;
    }
}

/// <summary>One attempt on a kept board: its set and sheet while it runs (scored once per change), its answer count always.</summary>
internal sealed class Seat
{
    private ScoreCard? _card;

    public QuestionSet? Set { get; set; }

    public sbyte[]? Options { get; set; }

    public int Answered { get; set; }

    /// <summary>The provisional score of the sheet (computed once per change); null without a set.</summary>
    public ScoreCard? Card(ExamMaterial material) =>
        Set is null || Options is null ? null : _card ??= material.Key.Score(Set, Options);

    public void Take(SheetNote note)
    {
        Set = note.Set;
        Options = note.Options;
        Answered = note.Answered;
        _card = null;
    }

    /// <summary>A finished attempt shows its stored result: only its count is kept.</summary>
    public void Finish()
    {
        Set = null;
        Options = null;
        _card = null;
    }
}

/// <summary>A copy of one attempt's sheet as one commit left it, taken on the writer's loop.</summary>
internal sealed record SheetNote(int AttemptId, QuestionSet? Set, sbyte[]? Options, int Answered)
{
    public static SheetNote Of(AttemptRuntime attempt)
    {
        var answered = 0;
        sbyte[]? options = null;
        if (attempt is { State: AttemptState.Running, Set: not null })
        {
            options = new sbyte[attempt.Options.Length];
        }
        for (var i = 0; i < attempt.Options.Length; i++)
        {
            if (attempt.Options[i] is not null)
            {
                answered++;
            }
            if (options is not null)
            {
                options[i] = attempt.Options[i] is { } chosen ? (sbyte)chosen : AnswerKey.Blank;
            }
        }
        return new SheetNote(attempt.Id, options is null ? null : attempt.Set, options, answered);
    }
}
