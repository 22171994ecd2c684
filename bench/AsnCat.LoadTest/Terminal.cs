using System.Diagnostics;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Identity;
using AsnCat.Server.Seeding;
using Microsoft.AspNetCore.SignalR.Client;
namespace AsnCat.LoadTest;

/// <summary>An acknowledged change (Ok and Applied): what the database must hold.</summary>
public readonly record struct Ack(int Position, bool IsDoubtful, long Seq, int? Slot, bool Doubtful);

/// <summary>
/// One simulated exam terminal: one WebSocket, one candidate, one call at a time (as a real
/// terminal), sequence numbers increasing over all its changes. It keeps every acknowledged
/// change in order, so the run can check the database against it afterwards.
/// </summary>
public sealed class Terminal(int index, SeededPerson person, Uri hubUrl, AsnCat.ExamClient.Terminal.IExamContent content) : IAsyncDisposable
{
    private readonly HubConnection _connection = Connections.Build(hubUrl);
    private readonly Random _random = new(index);
    private readonly HashSet<(int Position, bool IsDoubtful)> _uncertain = [];
    private long _seq;

    public SeededPerson Person { get; } = person;

    public int QuestionCount { get; private set; }

    public bool Connected { get; private set; }

    public bool LoggedIn { get; private set; }

    public TimeSpan LoginLatency { get; private set; }

    /// <summary>The login reply's payload in MessagePack and in JSON, as each protocol sends it (terminal 0 only, for the report).</summary>
    public (int MessagePack, int Json) LoginReplyBytes { get; private set; }

    public List<Ack> Acks { get; } = [];

    /// <summary>Ack latencies in Stopwatch ticks, per phase.</summary>
    public List<long> PacedLatencies { get; } = [];

    public List<long> ClosedLatencies { get; } = [];

    /// <summary>Connect and login.</summary>
    public Errors SetupErrors { get; } = new();

    public Errors PacedErrors { get; } = new();

    public Errors ClosedErrors { get; } = new();

    /// <summary>Positions where a call got no reply: the final state there is not known to the terminal.</summary>
    public IReadOnlySet<(int Position, bool IsDoubtful)> Uncertain => _uncertain;

    public int Disconnects { get; private set; }

    public async Task ConnectAsync(CancellationToken ct)
    {
        _connection.Closed += _ =>
        {
            Disconnects++;
            return Task.CompletedTask;
        };
        try
        {
            await _connection.StartAsync(ct);
            Connected = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            SetupErrors.Fail($"connect: {e.GetType().Name}: {e.Message}");
        }
    }

    public async Task LoginAsync(CancellationToken ct)
    {
        if (!Connected)
        {
            return;
        }
        var request = new LoginRequest(Person.ParticipantNumber, Person.Pin, $"uji-{index}");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var reply = await _connection.InvokeAsync<LoginReply>(nameof(IExamHub.Login), request, ct);
            if (index == 0)
            {
                // one terminal measures the reply in both protocols' encodings: what a login costs on the wire
                LoginReplyBytes = (MessagePack.MessagePackSerializer.Serialize(reply, Connections.MessagePack, ct).Length,
                    System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(reply, Connections.Json).Length);
            }
            if (!reply.Ok || reply.Exam is not { Phase: ExamPhase.Running, Set: { } set } exam)
            {
                LoginLatency = Stopwatch.GetElapsedTime(started);
                SetupErrors.Refuse(reply.Error, $"login: {reply.Error} {reply.Message} (phase {reply.Exam?.Phase})");
                return;
            }
            // as a terminal host: the set's content from this host's cache, fetched from the server once for all terminals
            var questions = await content.QuestionsAsync(set, exam.Subtests, ct);
            LoginLatency = Stopwatch.GetElapsedTime(started);
            QuestionCount = questions.Count;
            _answered = new bool[QuestionCount];
            HighWaterAt = new long[QuestionCount];
            LoggedIn = true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LoginLatency = Stopwatch.GetElapsedTime(started);
            SetupErrors.Fail("login: " + e.Message);
        }
    }

    /// <summary>One change every <paramref name="interval"/>, from <paramref name="start"/> + a random offset, until <paramref name="end"/>.</summary>
    public async Task RunPacedAsync(long start, long end, TimeSpan interval, CancellationToken ct)
    {
        if (!LoggedIn)
        {
            return;
        }
        var step = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        var due = start + (long)(_random.NextDouble() * step);
        while (due < end && !ct.IsCancellationRequested)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            var position = _random.Next(QuestionCount);
            if (_random.NextDouble() < LoadTestOptions.DoubtfulShare)
            {
                await MarkDoubtfulAsync(position, _random.Next(2) == 0, PacedLatencies, PacedErrors, ct);
            }
            else
            {
                await SaveAnswerAsync(position, NextSlot(), PacedLatencies, PacedErrors, ct);
            }
            due += step;
        }
    }

    /// <summary>
    /// A whole exam from <paramref name="start"/> to <paramref name="end"/> (a soak run's compressed
    /// exam): every position answered once in a random order, spread over the first 85% of the
    /// time, with 15% of them changed later and 10% marked doubtful, then the finish at a random
    /// moment in the last 10%. Acks and latencies go where the paced phase's go.
    /// </summary>
    public async Task RunExamAsync(long start, long end, CancellationToken ct)
    {
        if (!LoggedIn)
        {
            return;
        }
        var span = end - start;
        var plan = new List<(long Due, int Position, int Kind)>();   // kind 0 answer, 1 change, 2 doubtful
        var order = Enumerable.Range(0, QuestionCount).OrderBy(_ => _random.Next()).ToList();
        for (var i = 0; i < order.Count; i++)
        {
            var due = start + (long)(span * 0.85 * (i + _random.NextDouble()) / order.Count);
            plan.Add((due, order[i], 0));
            if (_random.NextDouble() < 0.15)
            {
                plan.Add((due + (long)((end - due) * 0.8 * _random.NextDouble()), order[i], 1));
            }
            if (_random.NextDouble() < 0.10)
            {
                plan.Add((due + 1, order[i], 2));
            }
        }
        foreach (var (due, position, kind) in plan.OrderBy(p => p.Due))
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            if (kind == 2)
            {
                await MarkDoubtfulAsync(position, true, PacedLatencies, PacedErrors, ct);
            }
            else
            {
                await SaveAnswerAsync(position, _random.Next(Scoring.Options.Count), PacedLatencies, PacedErrors, ct);
            }
        }
        var finishAt = end - (long)(span * 0.1 * _random.NextDouble());
        var rest = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), finishAt);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, ct);
        }
        try
        {
            var reply = await _connection.InvokeAsync<FinishReply>(nameof(IExamHub.Finish), new FinishRequest(true), ct).WaitAsync(LoadTestOptions.CallTimeout, ct);
            Finished = reply.Ok;
            if (!reply.Ok)
            {
                PacedErrors.Refuse(reply.Error, $"finish: {reply.Error} {reply.Message}");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            PacedErrors.Fail($"finish: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The soak run's finish was acknowledged.</summary>
    public bool Finished { get; private set; }

    /// <summary>Answers back to back (the next call leaves when the previous is acknowledged) until <paramref name="end"/>.</summary>
    public async Task RunClosedLoopAsync(long end, CancellationToken ct)
    {
        if (!LoggedIn)
        {
            return;
        }
        while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
        {
            if (!await SaveAnswerAsync(_random.Next(QuestionCount), NextSlot(), ClosedLatencies, ClosedErrors, ct))
            {
                await Task.Delay(100, ct); // a broken connection must not spin
            }
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    /// <summary>
    /// HighWaterAt[k - 1]: Stopwatch time of the ack that first made this terminal's answered
    /// count k (0 while it never was); observers' staleness is measured against these (<see cref="StalenessMeter"/>).
    /// </summary>
    public long[] HighWaterAt { get; private set; } = [];

    private bool[] _answered = [];
    private int _answeredCount;
    private int _highWater;

    private void Answered(int position, bool answered)
    {
        if (_answered[position] != answered)
        {
            _answered[position] = answered;
            _answeredCount += answered ? 1 : -1;
        }
        var now = Stopwatch.GetTimestamp();
        for (; _highWater < _answeredCount; _highWater++)
        {
            Volatile.Write(ref HighWaterAt[_highWater], now);
        }
    }

    private int? NextSlot() => _random.NextDouble() < LoadTestOptions.ClearShare ? null : _random.Next(Scoring.Options.Count);

    private Task<bool> SaveAnswerAsync(int position, int? slot, List<long> latencies, Errors errors, CancellationToken ct)
    {
        var seq = ++_seq;
        return CallAsync(nameof(IExamHub.SaveAnswer), new SaveAnswerRequest(position, slot, seq), new Ack(position, false, seq, slot, false), latencies, errors, ct);
    }

    private Task<bool> MarkDoubtfulAsync(int position, bool doubtful, List<long> latencies, Errors errors, CancellationToken ct)
    {
        var seq = ++_seq;
        return CallAsync(nameof(IExamHub.MarkDoubtful), new MarkDoubtfulRequest(position, doubtful, seq), new Ack(position, true, seq, null, doubtful), latencies, errors, ct);
    }

    private async Task<bool> CallAsync(string method, object request, Ack change, List<long> latencies, Errors errors, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var reply = await _connection.InvokeAsync<SaveReply>(method, request, ct).WaitAsync(LoadTestOptions.CallTimeout, ct);
            latencies.Add(Stopwatch.GetTimestamp() - started);
            if (reply.Error == ExamError.RateLimited)
            {
                errors.RateLimit(method);   // the guard's refusal (a reply since protocol v2): nothing stored, counted apart
                return false;               // the caller waits before the next call, as a terminal would
            }
            if (!reply.Ok)
            {
                errors.Refuse(reply.Error, $"{method}: {reply.Error} {reply.Message}");
            }
            else if (!reply.Applied || reply.Seq != change.Seq)
            {
                errors.Fail($"{method}: seq {change.Seq} acknowledged without being applied (reply seq {reply.Seq})");
            }
            else
            {
                Acks.Add(change);
                if (!change.IsDoubtful)
                {
                    Answered(change.Position, change.Slot is not null);
                }
            }
            return true;
        }
        catch (TimeoutException)
        {
            errors.Timeout();
            _uncertain.Add((change.Position, change.IsDoubtful));
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            errors.Fail($"{method}: {e.GetType().Name}: {e.Message}");
            _uncertain.Add((change.Position, change.IsDoubtful));
            return false;
        }
    }
}

/// <summary>What went wrong at one terminal (merged for the report).</summary>
public sealed class Errors
{
    public Dictionary<ExamError, int> Refused { get; } = [];

    public int Timeouts { get; private set; }

    public int Failures { get; private set; }

    /// <summary>Calls the server's hub guard refused for coming too fast on one connection (a closed loop meets it; a terminal at exam pace does not).</summary>
    public int RateLimited { get; private set; }

    public string? First { get; private set; }

    public int Total => Refused.Values.Sum() + Timeouts + Failures + RateLimited;

    public void RateLimit(string method)
    {
        RateLimited++;
        First ??= $"{method}: rate-limited by the hub guard";
    }

    public void Refuse(ExamError error, string message)
    {
        Refused[error] = Refused.GetValueOrDefault(error) + 1;
        First ??= message;
    }

    public void Timeout()
    {
        Timeouts++;
        First ??= $"no reply within {LoadTestOptions.CallTimeout.TotalSeconds:0} s";
    }

    public void Fail(string message)
    {
        Failures++;
        First ??= message;
    }

    public void Add(Errors other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (error, n) in other.Refused)
        {
            Refused[error] = Refused.GetValueOrDefault(error) + n;
        }
        Timeouts += other.Timeouts;
        Failures += other.Failures;
        RateLimited += other.RateLimited;
        First ??= other.First;
    }
}

/// <summary>
/// The login reply as the other runs read it (observers, faults): phase, clock and the set's
/// positions, not the rest. Unread members are skipped by both protocols' readers.
/// </summary>
public sealed record SlimLoginReply(bool Ok, ExamError Error, string? Message, string? Token, SlimExam? Exam);

public sealed record SlimExam(ExamPhase Phase, ClockView Clock, SlimSet? Set)
{
    public int QuestionCount => Set?.Questions.Count ?? 0;
}

public sealed record SlimSet(IReadOnlyList<SlimQuestion> Questions);

public sealed record SlimQuestion(int Position);
