using AsnCat.Contracts.Exam;
using AsnCat.ExamClient.Terminal;
using Microsoft.Extensions.Time.Testing;

namespace AsnCat.ExamClient.Tests.Fakes;

/// <summary>
/// A transport with a tiny exam server behind it: it keeps answers with per-position sequence
/// numbers the way the real server does (a seq not above the stored one is acknowledged, not
/// applied), keeps its own clock (running at the fake time's pace, from its own epoch), and lets
/// a test hold replies, fail calls, lose replies, drop and restore the connection, and push.
/// </summary>
public sealed class FakeExamServer(FakeTimeProvider time) : IExamTransport, IExamContent
{
    public const string TokenIssued = "token-1";

    /// <summary>The server's time when the test started; the terminal's wall clock is elsewhere.</summary>
    public static readonly DateTimeOffset ServerEpoch = new(2026, 11, 23, 8, 0, 0, TimeSpan.FromHours(7));

    private readonly DateTimeOffset wallEpoch = time.GetUtcNow();
    private readonly Dictionary<int, long> answerSeq = [];
    private readonly Dictionary<int, long> doubtfulSeq = [];
    private readonly List<(TaskCompletionSource<SaveReply> Reply, Func<SaveReply> Decide)> held = [];
    private IExamClient? client;

    public event Func<Task>? Reconnecting;

    public event Func<Task>? Reconnected;

    public event Func<Task>? Closed;

    // The exam as the server holds it.
    public CandidateView Candidate { get; set; } = Sample.Candidate();
    public ExamPhase Phase { get; set; } = ExamPhase.Running;
    public DateTimeOffset StartsAt { get; set; } = ServerEpoch;
    public DateTimeOffset? Deadline { get; set; } = ServerEpoch.AddMinutes(100);
    public int DurationMinutes { get; set; } = 100;
    public IReadOnlyList<QuestionView> Questions { get; set; } = Sample.Questions();
    public Dictionary<int, AnswerView> Answers { get; } = [];
    public long LastSeq { get; set; } = 7;
    public ExamResult? Result { get; set; }

    /// <summary>How far the server's clock has moved beyond the terminal's stopwatch.</summary>
    public TimeSpan Drift { get; set; }

    public DateTimeOffset Now => ServerEpoch + (time.GetUtcNow() - wallEpoch) + Drift;

    // Behaviour.
    public bool Connected { get; private set; } = true;
    public LoginReply? LoginRefusal { get; set; }
    public LoginReply? ReattachRefusal { get; set; }
    public bool HoldReplies { get; set; }
    public bool FailCalls { get; set; }
    public bool LoseReplies { get; set; }
    public (ExamError Error, string Message)? RefuseChanges { get; set; }
    public FinishReply? FinishRefusal { get; set; }

    // What arrived.
    public List<LoginRequest> Logins { get; } = [];
    public List<ResumeRequest> Reattaches { get; } = [];
    /// <summary>Every change call, including failed and repeated ones.</summary>
    public List<object> Calls { get; } = [];
    /// <summary>Changes applied, in the order the server applied them.</summary>
    public List<object> Applied { get; } = [];
    public List<FinishRequest> Finishes { get; } = [];
    public int ClockCalls { get; private set; }

    public IExamClient Client => client ?? throw new InvalidOperationException("The terminal has not started.");

    public int HeldCount => held.Count;

    /// <summary>While <see cref="Phase"/> is paused: since when and why, as the server says it.</summary>
    public DateTimeOffset? PausedSince { get; set; }

    public string? PauseReason { get; set; }

    public ClockView ClockNow() => Phase == ExamPhase.Paused
        ? new(Phase, Now, StartsAt, Deadline, DurationMinutes, PausedSince, PauseReason)
        : new(Phase, Now, StartsAt, Deadline, DurationMinutes);

    /// <summary>Names the set the server holds now; a new list of questions is a new set.</summary>
    public string SetHash => $"set-{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Questions)}";

    /// <summary>The set as references (the content is this fake's <see cref="IExamContent"/>); none while the questions are withheld.</summary>
    public ExamView View(string? heldSetHash = null) => new(
        Candidate, Phase, ClockNow(), Sample.Subtests,
        Questions.Count == 0 ? null : SetHash,
        Questions.Count == 0 || heldSetHash == SetHash ? null
            : new ExamSet(SetHash, "/exam/content/fake/", Questions.Select(q => new QuestionRef(q.Position, $"c{q.Position}", [0, 1, 2, 3, 4])).ToList()),
        Answers.Values.Where(a => a.Slot is not null || a.Doubtful).OrderBy(a => a.Position).ToList(), LastSeq, Result, Display);

    public List<ExamSet> ContentFetches { get; } = [];

    public Task<IReadOnlyList<QuestionView>> QuestionsAsync(ExamSet examSet, IReadOnlyList<SubtestView> subtests, CancellationToken cancellationToken)
    {
        ContentFetches.Add(examSet);
        return Task.FromResult(Questions);
    }

    public Task<ExamContentBody?> BodyAsync(string path, CancellationToken cancellationToken) => Task.FromResult<ExamContentBody?>(null);

    public void Receive(IExamClient client) => this.client = client;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<LoginReply> Login(LoginRequest request)
    {
        Logins.Add(request);
        EnsureConnected();
        return Task.FromResult(LoginRefusal ?? new LoginReply(true, ExamError.None, null, TokenIssued, View()));
    }

    public Task<LoginReply> Reattach(ResumeRequest request)
    {
        Reattaches.Add(request);
        EnsureConnected();
        var reply = ReattachRefusal
            ?? (request.Token == TokenIssued
                ? new LoginReply(true, ExamError.None, null, request.Token, View(request.SetHash))
                : LoginReply.Refused(ExamError.NotLoggedIn, "Sesi terminal tidak berlaku lagi. Silakan masuk dengan nomor peserta dan PIN."));
        return Task.FromResult(reply);
    }

    public Task<SaveReply> SaveAnswer(SaveAnswerRequest request) =>
        Change(request, request.Position, request.Seq, answerSeq, stored => stored with { Slot = request.Slot });

    public Task<SaveReply> MarkDoubtful(MarkDoubtfulRequest request) =>
        Change(request, request.Position, request.Seq, doubtfulSeq, stored => stored with { Doubtful = request.Doubtful });

    public Task<FinishReply> Finish(FinishRequest request)
    {
        Finishes.Add(request);
        EnsureConnected();
        if (FinishRefusal is { } refusal)
        {
            return Task.FromResult(refusal);
        }
        Phase = ExamPhase.Finished;
        Result ??= Sample.Result(passed: true);
        return Task.FromResult(new FinishReply(true, ExamError.None, null, Result));
    }

    public Task<ClockReply> Clock()
    {
        ClockCalls++;
        EnsureConnected();
        return Task.FromResult(new ClockReply(true, ExamError.None, null, ClockNow()));
    }

    /// <summary>What the terminal last saved as its display (sent back in <see cref="View"/>).</summary>
    public DisplayView? Display { get; set; }

    public List<DisplayRequest> DisplaySaves { get; } = [];

    public Task<DisplayReply> SaveDisplay(DisplayRequest request)
    {
        EnsureConnected();
        DisplaySaves.Add(request);
        Display = new DisplayView(request.FontStep, request.HighContrast, request.Position);
        return Task.FromResult(new DisplayReply(true, ExamError.None, null));
    }

    /// <summary>Sends every held reply, oldest first.</summary>
    public void ReleaseHeld()
    {
        var replies = held.ToList();
        held.Clear();
        foreach (var (reply, decide) in replies)
        {
            reply.SetResult(decide());
        }
    }

    /// <summary>The connection breaks: calls in flight fail, the terminal hears "reconnecting".</summary>
    public async Task DisconnectAsync()
    {
        Connected = false;
        var replies = held.ToList();
        held.Clear();
        foreach (var (reply, _) in replies)
        {
            reply.SetException(new InvalidOperationException("Invocation canceled due to the underlying connection being closed."));
        }
        if (Reconnecting is { } handler)
        {
            await handler();
        }
    }

    /// <summary>The connection closed for good (the transport will restart it).</summary>
    public async Task CloseAsync()
    {
        Connected = false;
        if (Closed is { } handler)
        {
            await handler();
        }
    }

    public async Task ReconnectAsync()
    {
        Connected = true;
        if (Reconnected is { } handler)
        {
            await handler();
        }
    }

    public AnswerView Current(int position) => Answers.GetValueOrDefault(position) ?? new AnswerView(position, null, false);

    private Task<SaveReply> Change(object request, int position, long seq, Dictionary<int, long> seqs, Func<AnswerView, AnswerView> apply)
    {
        Calls.Add(request);
        if (!Connected || FailCalls)
        {
            return Task.FromException<SaveReply>(new InvalidOperationException("The 'InvokeCoreAsync' method cannot be called if the connection is not active"));
        }
        SaveReply Decide()
        {
            if (RefuseChanges is { } refusal)
            {
                return new SaveReply(false, false, seq, refusal.Error, refusal.Message, Current(position));
            }
            var applies = seq > seqs.GetValueOrDefault(position);
            if (applies)
            {
                Answers[position] = apply(Current(position));
                seqs[position] = seq;
                LastSeq = Math.Max(LastSeq, seq);
                Applied.Add(request);
            }
            return new SaveReply(true, applies, seq, ExamError.None, null, Current(position));
        }
        if (LoseReplies)
        {
            Decide();
            return Task.FromException<SaveReply>(new InvalidOperationException("Invocation canceled due to the underlying connection being closed."));
        }
        if (HoldReplies)
        {
            var reply = new TaskCompletionSource<SaveReply>();
            held.Add((reply, Decide));
            return reply.Task;
        }
        return Task.FromResult(Decide());
    }

    private void EnsureConnected()
    {
        if (!Connected)
        {
            throw new InvalidOperationException("The 'InvokeCoreAsync' method cannot be called if the connection is not active");
        }
    }
}
