using AsnCat.Contracts.Exam;
using Microsoft.Extensions.Logging;

namespace AsnCat.ExamClient.Terminal;

public enum TerminalScreen
{
    /// <summary>Reaching the server (first connection of this page).</summary>
    Connecting,
    Login,
    Waiting,
    Exam,
    Result,
    /// <summary>A proctor moved the attempt to another terminal.</summary>
    Released,
}

/// <summary>How the item on screen stands with the server.</summary>
public enum SaveState
{
    /// <summary>Blank, and nothing waiting.</summary>
    None,
    /// <summary>A change was just sent.</summary>
    Saving,
    Saved,
    /// <summary>A change is waiting and something is wrong (offline, failed, or no reply for a while): it will be sent again.</summary>
    Unsaved,
}

/// <summary>
/// One terminal's session (scoped: one per circuit). Owns the hub connection and everything the
/// screen shows; components read it, call its methods, and re-render on <see cref="Changed"/>
/// (state) or <see cref="Ticked"/> (every second, for countdowns). Events come from any thread:
/// subscribers marshal with <c>InvokeAsync</c>. All state changes happen under one lock.
/// </summary>
public sealed partial class ExamTerminal : IAsyncDisposable
{
    private readonly IExamTransport transport;
    private readonly IExamContent content;
    private readonly ITerminalTokenStore store;
    private readonly TimeProvider time;
    private readonly ILogger<ExamTerminal> logger;
    private readonly Lock sync = new();
    private readonly AnswerBook book = new();
    private readonly ServerClock clock;
    private readonly SemaphoreSlim storeGate = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private ITimer? ticker;
    private bool started;
    private string terminalName = "";
    private string? token;
    private string? participant;
    private ExamView? exam;
    private IReadOnlyList<QuestionView> questions = [];
    private string? heldSetHash;
    private Dictionary<int, int> indexOfPosition = [];
    private int currentIndex;
    private Func<Func<Task>, Task> dispatch = work => work();

    public ExamTerminal(IExamTransport transport, IExamContent content, ITerminalTokenStore store, TimeProvider time, ILogger<ExamTerminal> logger)
    {
        this.transport = transport;
        this.content = content;
        this.store = store;
        this.time = time;
        this.logger = logger;
        clock = new ServerClock(time);
    }

    /// <summary>Anything on screen may have changed.</summary>
    public event Action? Changed;

    /// <summary>A second passed (countdowns).</summary>
    public event Action? Ticked;

    public TerminalScreen Screen { get; private set; }

    /// <summary>Connected to the hub.</summary>
    public bool Online { get; private set; }

    /// <summary>A login or finish request is under way.</summary>
    public bool Busy { get; private set; }

    public string? LoginError { get; private set; }

    /// <summary>The last refusal or problem to show on the exam screen (in Indonesian).</summary>
    public string? Notice { get; private set; }

    public string? ReleasedReason { get; private set; }

    public ExamResult? Result { get; private set; }

    public CandidateView? Candidate => exam?.Candidate;

    public IReadOnlyList<SubtestView> Subtests => exam?.Subtests ?? [];

    public IReadOnlyList<QuestionView> Questions => questions;

    public int CurrentIndex => currentIndex;

    public QuestionView? Current => currentIndex < questions.Count ? questions[currentIndex] : null;

    public ExamPhase? Phase => Locked(() => clock.Phase ?? exam?.Phase);

    public int DurationMinutes => Locked(() => clock.View?.DurationMinutes ?? 0);

    /// <summary>Time left on the exam, by the server's clock.</summary>
    public TimeSpan Remaining => Locked(() => clock.Remaining);

    /// <summary>Time until the session starts, by the server's clock.</summary>
    public TimeSpan UntilStart => Locked(() => clock.UntilStart);

    public bool TimeIsUp => Locked(() => IsTimeUp());

    /// <summary>Answers and marks can change now.</summary>
    public bool CanAnswer => Locked(() => CanAnswerNow());

    /// <summary>
    /// Starts the session once: loads what the browser kept, connects (retrying until the hub is
    /// reachable), then re-attaches with the kept token or shows the login.
    /// </summary>
    /// <param name="requestedName">The terminal's name if the page was given one (<c>?terminal=</c>).</param>
    /// <param name="dispatcher">
    /// Runs work on the circuit's synchronization context (a component's <c>InvokeAsync</c>): the
    /// browser storage is JS interop, which must not be called from the hub's threads.
    /// </param>
    public async Task StartAsync(string? requestedName = null, Func<Func<Task>, Task>? dispatcher = null)
    {
        lock (sync)
        {
            if (started)
            {
                return;
            }
            started = true;
            dispatch = dispatcher ?? dispatch;
        }
        transport.Receive(this);
        transport.Reconnecting += OnConnectionLostAsync;
        transport.Closed += OnConnectionLostAsync;
        transport.Reconnected += OnReconnectedAsync;
        ticker = time.CreateTimer(_ => Tick(), null, TickEvery, TickEvery);

        var saved = await LoadSavedAsync();
        terminalName = string.IsNullOrWhiteSpace(requestedName) ? await NameThisTerminalAsync() : requestedName.Trim();
        try
        {
            await transport.StartAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (sync)
        {
            Online = true;
            if (saved is not null)
            {
                token = saved.Token;
                participant = saved.ParticipantNumber;
                currentIndex = Math.Max(0, saved.Index);
                book.Restore(saved.Pending);
            }
        }
        if (saved is null || await ReattachAsync() == AttachOutcome.Refused)
        {
            lock (sync)
            {
                if (Screen == TerminalScreen.Connecting)
                {
                    Screen = TerminalScreen.Login;
                }
            }
            Raise();
        }
    }

    public async Task LoginAsync(string participantNumber, string pin)
    {
        ArgumentNullException.ThrowIfNull(participantNumber);
        ArgumentNullException.ThrowIfNull(pin);
        lock (sync)
        {
            if (Busy)
            {
                return;
            }
            Busy = true;
            LoginError = null;
        }
        Raise();
        LoginReply reply;
        try
        {
            reply = await transport.Login(new LoginRequest(participantNumber.Trim(), pin.Trim(), terminalName));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogCallFailed(logger, nameof(IExamHub.Login), error);
            lock (sync)
            {
                Busy = false;
                LoginError = TerminalMessages.NotReachable;
            }
            Raise();
            return;
        }
        lock (sync)
        {
            Busy = false;
            if (reply is not { Ok: true, Exam: not null, Token: not null })
            {
                LoginError = TerminalMessages.LoginRefused(reply);
            }
        }
        if (reply is { Ok: true, Exam: { } view, Token: { } newToken })
        {
            if (!await EnterAsync(view, newToken, fresh: true))
            {
                lock (sync)
                {
                    LoginError = TerminalMessages.NotReachable;
                }
                Raise();
            }
            return;
        }
        Raise();
    }

    public Task GoToAsync(int index)
    {
        lock (sync)
        {
            if (index < 0 || index >= Questions.Count || index == currentIndex)
            {
                return Task.CompletedTask;
            }
            currentIndex = index;
        }
        Raise();
        _ = SaveDisplayAsync();
        return PersistAsync();
    }

    public Task NextAsync() => GoToAsync(currentIndex + 1);

    public Task PreviousAsync() => GoToAsync(currentIndex - 1);

    /// <summary>Index of the question at <paramref name="position"/>, or -1.</summary>
    public int IndexOf(int position) => Locked(() => indexOfPosition.GetValueOrDefault(position, -1));

    /// <summary>Leaves the result or "released" page for the next candidate: forgets everything.</summary>
    public async Task LeaveAsync()
    {
        lock (sync)
        {
            token = null;
            participant = null;
            exam = null;
            questions = [];
            heldSetHash = null;
            indexOfPosition = [];
            book.Clear();
            currentIndex = 0;
            attached = false;
            Result = null;
            ReleasedReason = null;
            Notice = null;
            LoginError = null;
            displaySet = false;
            displayStored = null;
            Screen = TerminalScreen.Login;
        }
        Raise();
        await PersistAsync();
    }

    public void DismissNotice()
    {
        lock (sync)
        {
            Notice = null;
        }
        Raise();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;   // a circuit and its page may both dispose it
        }
        transport.Reconnecting -= OnConnectionLostAsync;
        transport.Closed -= OnConnectionLostAsync;
        transport.Reconnected -= OnReconnectedAsync;
        await stopping.CancelAsync();
        if (ticker is not null)
        {
            await ticker.DisposeAsync();
        }
        stopping.Dispose();
    }

    private int disposed;

    /// <summary>
    /// Shows the exam from a login or re-attach reply, with the set's content fetched (from this
    /// host's cache after the first candidate). False when the content could not be had: nothing changed.
    /// </summary>
    /// <param name="fresh">A login (seq numbering starts again) rather than a re-attach.</param>
    private async Task<bool> EnterAsync(ExamView view, string newToken, bool fresh)
    {
        IReadOnlyList<QuestionView>? fetched = null;
        if (view.Set is { } set)
        {
            try
            {
                fetched = await content.QuestionsAsync(set, view.Subtests, stopping.Token);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                LogCallFailed(logger, "content", error);
                lock (sync)
                {
                    failedAt = time.GetTimestamp();
                }
                return false;
            }
        }
        lock (sync)
        {
            if (fetched is not null)
            {
                questions = fetched;
                heldSetHash = view.SetHash;
            }
            else if (view.SetHash is null || view.SetHash != heldSetHash)
            {
                questions = [];   // withheld until the start
                heldSetHash = null;
            }
            if (participant != view.Candidate.ParticipantNumber)
            {
                book.Clear();
                currentIndex = 0;
                displaySet = false;
            }
            if (fresh)
            {
                book.Restart(view.Answers, view.LastSeq);
            }
            else
            {
                book.Resume(view.Answers, view.LastSeq);
            }
            exam = view;
            token = newToken;
            participant = view.Candidate.ParticipantNumber;
            attached = true;
            sendFailed = false;
            LoginError = null;
            indexOfPosition = questions.Select((question, index) => (question.Position, index)).ToDictionary();
            currentIndex = Math.Clamp(currentIndex, 0, Math.Max(0, questions.Count - 1));
            clock.Apply(view.Clock);
            lastResync = time.GetTimestamp();
            waitingSince = book.Next is null ? null : time.GetTimestamp();
            Result = view.Result;
            ApplyCandidateDisplay(view);
            Screen = (clock.Phase ?? view.Phase) switch
            {
                ExamPhase.Finished => TerminalScreen.Result,
                ExamPhase.Running or ExamPhase.Paused when questions.Count > 0 => TerminalScreen.Exam,
                _ => TerminalScreen.Waiting,
            };
        }
        Raise();
        await PersistAsync();
        _ = PumpAsync();
        _ = SaveDisplayAsync();   // a choice made while the connection was down
        return true;
    }

    private void Raise() => Changed?.Invoke();

    private T Locked<T>(Func<T> read)
    {
        lock (sync)
        {
            return read();
        }
    }

    [LoggerMessage(LogLevel.Warning, "Exam hub call {Method} failed")]
    private static partial void LogCallFailed(ILogger logger, string method, Exception error);
}
