using System.Diagnostics;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Seeding;
using Microsoft.AspNetCore.SignalR.Client;
namespace AsnCat.LoadTest.Faults;

/// <summary>
/// A simulated terminal that behaves as the real one (src/AsnCat.ExamClient, ExamTerminal) does
/// when things go wrong: every change is queued with its seq and shown at once; the queue goes
/// out oldest first, one call at a time; a change stays queued until the server acknowledges it
/// (Ok) or refuses it for good; a call that fails, or a refusal that is not final
/// (<see cref="ExamError.StorageUnavailable"/>, <see cref="ExamError.NotLoggedIn"/>), is retried
/// after 2 s; a lost connection is opened again and bound with <c>Reattach(token)</c>, after which
/// the queue is resent with its original seq numbers. With <see cref="SendsTwice"/> every call
/// leaves twice at once (a broken client or proxy that duplicates requests).
/// </summary>
public sealed class FaultTerminal(int index, SeededPerson person, Func<Uri> hubUrl, bool sendsTwice = false) : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    private readonly Random _random = new(index);
    private readonly Queue<Change> _pending = new();
    private HubConnection? _connection;
    private string? _token;
    private long _seq;
    private long _retryAt;
    private long _cutUntil;
    private int _clientTimeouts;

    public SeededPerson Person { get; } = person;

    public bool SendsTwice { get; } = sendsTwice;

    public int QuestionCount { get; private set; }

    public bool LoggedIn => _token is not null;

    /// <summary>The deadline the login reply showed.</summary>
    public DateTimeOffset? LoginDeadline { get; private set; }

    /// <summary>The remaining time the login reply showed, and when it arrived (Stopwatch timestamp).</summary>
    public (TimeSpan Remaining, long At)? LoginRemaining { get; private set; }

    /// <summary>The deadline the last re-attach showed.</summary>
    public DateTimeOffset? ReattachDeadline { get; private set; }

    public List<Ack> Acks { get; } = [];

    /// <summary>Latency of acknowledged calls (first try to reply), Stopwatch ticks.</summary>
    public List<long> Latencies { get; } = [];

    /// <summary>Replies with <see cref="ExamError.StorageUnavailable"/>: the server said it could not store.</summary>
    public int StorageRefusals { get; private set; }

    /// <summary>Other refusals (none expected in these runs); the first one is kept.</summary>
    public int OtherRefusals { get; private set; }

    public string? FirstProblem { get; private set; }

    /// <summary>Calls that threw or timed out (the server down, the connection cut).</summary>
    public int FailedCalls { get; private set; }

    /// <summary>Connections the SignalR client closed itself for want of a message from the server (its ServerTimeout).</summary>
    public int ClientTimeouts => Volatile.Read(ref _clientTimeouts);

    /// <summary>Changes sent again after a failure, with the seq they were first sent with.</summary>
    public int Resent { get; private set; }

    public int Reattaches { get; private set; }

    /// <summary>Second copies of a call that the server answered as Applied as well (each would be a doubled change).</summary>
    public int DuplicatesApplied { get; private set; }

    public int Pending => _pending.Count;

    /// <summary>Changes that waited in the queue across a re-attach and went out afterwards with their original seq.</summary>
    public int CarriedOver { get; private set; }

    /// <summary>What the database must hold; positions whose change is still queued are not known to the terminal.</summary>
    public AckLog Log => new(Person, Acks, _pending.Select(c => (c.Position, c.IsDoubtful)).ToHashSet());

    public async Task LoginAsync(CancellationToken ct)
    {
        try
        {
            _connection = await OpenAsync(ct);
            var reply = await _connection.InvokeAsync<SlimLoginReply>(nameof(IExamHub.Login), new LoginRequest(Person.ParticipantNumber, Person.Pin, $"gangguan-{index}"), ct);
            if (!reply.Ok || reply.Exam is not { QuestionCount: > 0 } exam)
            {
                Problem($"login: {reply.Error} {reply.Message}");
                return;
            }
            QuestionCount = exam.QuestionCount;
            LoginDeadline = exam.Clock.Deadline;
            LoginRemaining = exam.Clock.Deadline is { } deadline ? (deadline - exam.Clock.ServerNow, Stopwatch.GetTimestamp()) : null;
            _token = reply.Token;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Problem($"login: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// The network is cut from now for <paramref name="length"/>: the terminal's own loop drops the
    /// connection at its next step (a call in flight finishes first) and keeps queueing changes.
    /// </summary>
    public void Cut(TimeSpan length) => _cutUntil = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);

    /// <summary>One change every <paramref name="interval"/> (from a random offset) until <paramref name="end"/>, sending as it goes.</summary>
    public async Task RunAsync(long end, TimeSpan interval, CancellationToken ct)
    {
        if (!LoggedIn)
        {
            return;
        }
        var step = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        var due = Stopwatch.GetTimestamp() + (long)(_random.NextDouble() * step);
        while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
        {
            if (Stopwatch.GetTimestamp() >= due)
            {
                Enqueue();
                due += step;
            }
            await SendQueuedAsync(ct);
            var next = Math.Min(due, end);
            if (_pending.Count > 0)
            {
                next = Math.Min(next, Math.Max(_retryAt, _cutUntil));
            }
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : wait, ct);
            }
        }
    }

    /// <summary>Keeps sending what is queued (no new changes) until nothing waits or <paramref name="until"/>.</summary>
    public async Task DrainAsync(long until, CancellationToken ct)
    {
        while (LoggedIn && _pending.Count > 0 && Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested)
        {
            await SendQueuedAsync(ct);
            if (_pending.Count > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }

    public async ValueTask DisposeAsync() => await DropAsync();

    private void Enqueue()
    {
        var position = _random.Next(QuestionCount);
        var seq = ++_seq;
        _pending.Enqueue(_random.NextDouble() < LoadTestOptions.DoubtfulShare
            ? new Change(seq, position, true, null, _random.Next(2) == 0)
            : new Change(seq, position, false, _random.NextDouble() < LoadTestOptions.ClearShare ? null : _random.Next(Scoring.Options.Count), false));
    }

    private async Task SendQueuedAsync(CancellationToken ct)
    {
        var now = Stopwatch.GetTimestamp();
        if (now < _cutUntil)
        {
            await DropAsync();
            return;
        }
        if (now < _retryAt)
        {
            return;
        }
        if (_connection is null && !await ReattachAsync(ct))
        {
            _retryAt = Stopwatch.GetTimestamp() + (long)(RetryAfter.TotalSeconds * Stopwatch.Frequency);
            return;
        }
        while (_pending.TryPeek(out var change) && !ct.IsCancellationRequested)
        {
            if (!await SendAsync(change, ct))
            {
                _retryAt = Stopwatch.GetTimestamp() + (long)(RetryAfter.TotalSeconds * Stopwatch.Frequency);
                return;
            }
            _pending.Dequeue();
        }
    }

    /// <summary>True when the change is settled (acknowledged or refused for good); false to keep it and retry.</summary>
    private async Task<bool> SendAsync(Change change, CancellationToken ct)
    {
        if (change.Tries++ > 0)
        {
            Resent++;
        }
        change.FirstSent ??= Stopwatch.GetTimestamp();
        object request = change.IsDoubtful ? new MarkDoubtfulRequest(change.Position, change.Doubtful, change.Seq) : new SaveAnswerRequest(change.Position, change.Slot, change.Seq);
        var method = change.IsDoubtful ? nameof(IExamHub.MarkDoubtful) : nameof(IExamHub.SaveAnswer);
        SaveReply reply;
        try
        {
            var connection = _connection!;
            var first = connection.InvokeAsync<SaveReply>(method, request, ct).WaitAsync(CallTimeout, ct);
            if (SendsTwice)
            {
                var second = connection.InvokeAsync<SaveReply>(method, request, ct).WaitAsync(CallTimeout, ct);
                var both = await Task.WhenAll(first, second);
                DuplicatesApplied += both.Count(r => r.Ok && r.Applied) > 1 ? 1 : 0;
                reply = both.FirstOrDefault(r => r.Ok) ?? both[0];
                reply = reply with { Applied = both.Any(r => r.Ok && r.Applied) };
            }
            else
            {
                reply = await first;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // the outcome is unknown: it may be stored; the resend with the same seq settles it
            FailedCalls++;
            await DropAsync();
            return false;
        }
        if (reply.Ok)
        {
            Latencies.Add(Stopwatch.GetTimestamp() - change.FirstSent.Value);
            Acks.Add(new Ack(change.Position, change.IsDoubtful, change.Seq, change.Slot, change.Doubtful));
            return true;
        }
        if (reply.Error == ExamError.StorageUnavailable)
        {
            StorageRefusals++;
            return false;
        }
        if (reply.Error == ExamError.NotLoggedIn)
        {
            await DropAsync(); // bind again with the token, then resend
            return false;
        }
        OtherRefusals++;
        Problem($"{method} seq {change.Seq}: {reply.Error} {reply.Message}");
        return true;
    }

    /// <summary>
    /// Asks for the clock (as the real terminal does now and then) on the current connection: the
    /// remaining time shown now minus what the login showed less the time since, seconds. A terminal
    /// between connections is asked again once its own loop has re-attached (up to 6 s); null if it
    /// could not be asked by then.
    /// </summary>
    public async Task<double?> RemainingDriftAsync(CancellationToken ct)
    {
        if (LoginRemaining is not { } login)
        {
            ClockProblem = "no deadline at login";
            return null;
        }
        var until = Stopwatch.GetTimestamp() + 6 * Stopwatch.Frequency;
        while (true)
        {
            if (_connection is { } connection)
            {
                try
                {
                    var reply = await connection.InvokeAsync<ClockReply>(nameof(IExamHub.Clock), ct).WaitAsync(CallTimeout, ct);
                    if (reply.Clock is not { } clock)
                    {
                        ClockProblem = $"{reply.Error}: {reply.Message}";
                        return null;
                    }
                    var expected = login.Remaining - Stopwatch.GetElapsedTime(login.At);
                    return clock.Deadline is { } deadline ? (deadline - clock.ServerNow - expected).TotalSeconds : null;
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    ClockProblem = $"{e.GetType().Name}: {e.Message}";
                }
            }
            else
            {
                ClockProblem = "no connection";
            }
            if (Stopwatch.GetTimestamp() > until)
            {
                return null;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    /// <summary>Why the last <see cref="RemainingDriftAsync"/> could not ask.</summary>
    public string? ClockProblem { get; private set; }

    private async Task<bool> ReattachAsync(CancellationToken ct)
    {
        try
        {
            var connection = await OpenAsync(ct);
            var reply = await connection.InvokeAsync<SlimLoginReply>(nameof(IExamHub.Reattach), new ResumeRequest(_token!, null), ct).WaitAsync(CallTimeout, ct);
            if (!reply.Ok)
            {
                await connection.DisposeAsync();
                if (reply.Error != ExamError.StorageUnavailable)
                {
                    Problem($"reattach: {reply.Error} {reply.Message}");
                }
                return false;
            }
            _connection = connection;
            ReattachDeadline = reply.Exam?.Clock.Deadline;
            Reattaches++;
            CarriedOver += _pending.Count;
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            FailedCalls++;
            return false;
        }
    }

    private async Task<HubConnection> OpenAsync(CancellationToken ct)
    {
        var connection = Connections.Build(hubUrl());
        connection.Closed += e =>
        {
            // the .NET client times the server out by the wall clock (DateTime.UtcNow), so a forward step of the clock closes it
            if (e is TimeoutException)
            {
                Interlocked.Increment(ref _clientTimeouts);
            }
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync(ct).WaitAsync(CallTimeout, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task DropAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private void Problem(string message) => FirstProblem ??= message;

    private sealed class Change(long seq, int position, bool isDoubtful, int? slot, bool doubtful)
    {
        public long Seq { get; } = seq;

        public int Position { get; } = position;

        public bool IsDoubtful { get; } = isDoubtful;

        public int? Slot { get; } = slot;

        public bool Doubtful { get; } = doubtful;

        public int Tries { get; set; }

        public long? FirstSent { get; set; }
    }
}
