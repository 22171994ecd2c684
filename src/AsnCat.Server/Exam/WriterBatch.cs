using System.Data.Common;
using System.Text.Json;
using AsnCat.Contracts.Exam;
using AsnCat.Server.Banks;
using AsnCat.Server.Data;
namespace AsnCat.Server.Exam;

/// <summary>
/// One transaction of the writer: SQL on the writer's connection, the runtime copies of
/// attempts and sessions, audit entries, and pushes to send once the commit succeeded.
/// Each command runs inside a savepoint, so a command that throws is undone alone.
/// </summary>
public sealed class WriterBatch
{
    private readonly ExamWriter _writer;
    private readonly DbTransaction _tx;
    private readonly List<int> _touched = [];
    private readonly AnswerRows _answers;
    private bool _inCommand;
    private bool _savepoint;
    private int _answersBefore;

    internal WriterBatch(ExamWriter writer, DbTransaction tx, DateTimeOffset now)
    {
        _writer = writer;
        _tx = tx;
        Now = now;
        _answers = writer.AnswerRows;
        _answers.Clear();
    }

    /// <summary>The server's clock for the whole batch.</summary>
    public DateTimeOffset Now { get; }

    public List<Func<Task>> AfterCommit { get; } = [];

    /// <summary>Sessions whose attempts or state this batch read or changed (for the live monitors).</summary>
    internal HashSet<int> SessionsSeen { get; } = [];

    /// <summary>Attempts this batch read or changed (the writer forgets the finished ones after the commit).</summary>
    internal HashSet<int> AttemptsSeen { get; } = [];

    public ExamMaterials Materials => _writer.Materials;

    // one name for every command's savepoint: each is released before the next begins, and the
    // writer caches a prepared statement per SQL text (a number per command cached one per batch slot).
    // A command opens it with its first statement: an answer that only holds its rows opens none.
    internal void BeginCommand()
    {
        _touched.Clear();
        _inCommand = true;
        _savepoint = false;
        _answersBefore = _answers.Count;
    }

    internal void EndCommand(bool ok)
    {
        if (ok && _savepoint)
        {
            FlushAnswers(_answers.Count);
            Run("RELEASE c");
        }
        else if (!ok)
        {
            if (_savepoint)
            {
                Run("ROLLBACK TO c");
                Run("RELEASE c");
            }
            // rows the command held but never wrote (with a savepoint they are all its own)
            _answers.DropFrom(_savepoint ? 0 : _answersBefore);
            foreach (var id in _touched)
            {
                _writer.Attempts.Remove(id);
            }
            _writer.Sessions.Clear();
        }
        _inCommand = false;
        _savepoint = false;
    }

    /// <summary>
    /// An applied answer or doubtful mark: its event and the position's new state, written with
    /// the other answers of the batch (<see cref="AnswerRows"/>), before the next command's SQL and before the commit.
    /// </summary>
    internal void StoreAnswer(AttemptRuntime attempt, int position, string kind, int? option, bool doubtful, long seq) =>
        _answers.Add(attempt.SessionId, attempt.Id, position, kind, option, doubtful, seq,
            attempt.Options[position], attempt.Doubtful[position], attempt.AnswerSeq[position], attempt.DoubtfulSeq[position], Now.UtcTicks);

    /// <summary>Set when rows of commands already done could not be written: the whole batch is refused.</summary>
    internal Exception? Broken { get; private set; }

    /// <summary>Writes the held rows of the batch (before the commit: a failure refuses the batch as a failed commit does).</summary>
    internal void FlushAnswers() => FlushAnswers(_answers.Count);

    private void FlushAnswers(int count) =>
        _answers.Flush(count, _writer.OnPostgres, (sql, rows) => Run(sql, ("@rows", rows)));

    public int Execute(string sql, params (string Name, object? Value)[] args) => Bind(sql, args).ExecuteNonQuery();

    public T? Scalar<T>(string sql, params (string Name, object? Value)[] args)
    {
        var value = Bind(sql, args).ExecuteScalar();
        if (value is null or DBNull)
        {
            return default;
        }
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    public List<T> Query<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] args)
    {
        using var reader = Bind(sql, args).ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(map(reader));
        }
        return list;
    }

    public void Audit(string actor, string? address, string action, string? subject, string? details) =>
        Execute("INSERT INTO AuditEntries (At, Actor, Address, Action, Subject, Details) VALUES (@at, @actor, @address, @action, @subject, @details)",
            ("@at", Now.UtcTicks), ("@actor", actor), ("@address", address), ("@action", AuditActions.Require(action)), ("@subject", subject), ("@details", details));

    public async ValueTask<SessionRuntime> SessionAsync(int id)
    {
        SessionsSeen.Add(id);
        if (_writer.Sessions.TryGetValue(id, out var session))
        {
            return session;
        }
        session = Query("SELECT Id, Code, Venue, TimeZone, Seed, StartsAt, State, StartedAt, PausedAt, PauseReason FROM ExamSessions WHERE Id = @id", r => new SessionRuntime
        {
            Id = r.GetInt32(0),
            Code = r.GetString(1),
            Venue = r.GetString(2),
            TimeZone = r.GetString(3),
            Seed = r.GetString(4),
            StartsAt = Ticks(r, 5)!.Value,
            State = Enum.Parse<SessionState>(r.GetString(6)),
            StartedAt = Ticks(r, 7),
            PausedAt = Ticks(r, 8),
            PauseReason = r.IsDBNull(9) ? null : r.GetString(9),
        }, ("@id", id)).Single();
        _writer.Sessions[id] = session;
        await Task.CompletedTask;
        return session;
    }

    /// <summary>The attempt as committed (loaded once, then kept in memory by the writer).</summary>
    public async ValueTask<AttemptRuntime> AttemptAsync(int id)
    {
        _touched.Add(id);
        AttemptsSeen.Add(id);
        if (_writer.Attempts.TryGetValue(id, out var attempt))
        {
            SessionsSeen.Add(attempt.SessionId);
            return attempt;
        }
        string? setText = null;
        string? scores = null;
        int? total = null;
        bool? passed = null;
        DateTimeOffset? finishedAt = null;
        string? endedBy = null;
        attempt = Query(
            """
            SELECT a.Id, a.ExamSessionId, a.State, a.PinHash, a.FailedPinCount, a.LockedUntil, a.TokenHash, a.ExtraMinutes, a.Deadline,
                   a.SetText, a.Scores, a.Total, a.Passed, a.FinishedAt, a.EndedBy,
                   c.ParticipantNumber, c.Name, c.Category, c.ExtraMinutes, c.LargeFont, c.ScreenReader, a.PausedAt, f.Position,
                   a.PauseReason, a.FontStep, a.HighContrast, a.LastPosition
            FROM Attempts a JOIN Candidates c ON c.Id = a.CandidateId LEFT JOIN Formations f ON f.Id = c.FormationId WHERE a.Id = @id
            """,
            r =>
            {
                setText = r.IsDBNull(9) ? null : r.GetString(9);
                scores = r.IsDBNull(10) ? null : r.GetString(10);
                total = r.IsDBNull(11) ? null : r.GetInt32(11);
                passed = r.IsDBNull(12) ? null : r.GetBoolean(12);
                finishedAt = Ticks(r, 13);
                endedBy = r.IsDBNull(14) ? null : r.GetString(14);
                return new AttemptRuntime
                {
                    Id = r.GetInt32(0),
                    SessionId = r.GetInt32(1),
                    State = Enum.Parse<AttemptState>(r.GetString(2)),
                    PinHash = r.IsDBNull(3) ? null : r.GetString(3),
                    FailedPins = r.GetInt32(4),
                    LockedUntil = Ticks(r, 5),
                    TokenHash = r.IsDBNull(6) ? null : r.GetString(6),
                    GrantedMinutes = r.GetInt32(7),
                    Deadline = Ticks(r, 8),
                    ParticipantNumber = r.GetString(15),
                    Name = r.GetString(16),
                    Category = r.GetString(17),
                    CandidateExtraMinutes = r.GetInt32(18),
                    LargeFont = r.GetBoolean(19),
                    ScreenReader = r.GetBoolean(20),
                    PausedAt = Ticks(r, 21),
                    Position = r.IsDBNull(22) ? null : r.GetString(22),
                    PauseReason = r.IsDBNull(23) ? null : r.GetString(23),
                    Display = r.IsDBNull(24) || r.IsDBNull(26) ? null : new DisplayView(r.GetInt32(24), r.GetBoolean(25), r.GetInt32(26)),
                };
            }, ("@id", id)).Single();
        if (setText is not null)
        {
            var material = await Materials.ForSessionAsync(attempt.SessionId);
            attempt.Set = material.Pool.Parse(setText);
            attempt.SizeFor(attempt.Set.Count);
            foreach (var (position, option, doubtful, seq, dseq) in Query("SELECT Position, Option, Doubtful, Seq, DoubtfulSeq FROM Answers WHERE AttemptId = @id",
                r => (r.GetInt32(0), r.IsDBNull(1) ? (int?)null : r.GetInt32(1), r.GetBoolean(2), r.GetInt64(3), r.GetInt64(4)), ("@id", id)))
            {
                attempt.Options[position] = option;
                attempt.Doubtful[position] = doubtful;
                attempt.AnswerSeq[position] = seq;
                attempt.DoubtfulSeq[position] = dseq;
            }
            if (attempt.State == AttemptState.Finished && scores is not null)
            {
                attempt.Result = ResultOf(material, attempt, JsonSerializer.Deserialize<Dictionary<string, int>>(scores)!, total ?? 0, passed ?? false, finishedAt ?? Now, endedBy ?? "");
            }
        }
        _writer.Attempts[id] = attempt;
        SessionsSeen.Add(attempt.SessionId);
        return attempt;
    }

    internal static ExamResult ResultOf(ExamMaterial material, AttemptRuntime attempt, Dictionary<string, int> scores, int total, bool passed, DateTimeOffset finishedAt, string endedBy)
    {
        var card = new Scoring.ScoreCard(material.Blueprint.Subtests.Select(s => scores.GetValueOrDefault(s.Code)).ToList(), total);
        var outcome = material.Thresholds.Evaluate(attempt.Category, card, attempt.Position);
        return new ExamResult(
            material.Blueprint.Subtests.Select(s => new SubtestScore(s.Code, s.Name, scores.GetValueOrDefault(s.Code), s.MaxScore)).ToList(),
            total, material.Blueprint.MaxTotal, passed, material.Thresholds.Name,
            outcome.Failed.Select(f => f.ToString()).ToList(), finishedAt, endedBy);
    }

    // A command's first statement: rows of the commands before it are written outside its
    // savepoint (a failure there refuses the whole batch), then the savepoint opens; after that
    // the command's own rows are written in order before each of its statements.
    private DbCommand Bind(string sql, (string Name, object? Value)[] args)
    {
        if (_inCommand && !_savepoint)
        {
            try
            {
                FlushAnswers(_answersBefore);
            }
            catch (Exception e)
            {
                Broken ??= e;
                throw;
            }
            Run("SAVEPOINT c");
            _savepoint = true;
        }
        if (_savepoint)
        {
            FlushAnswers(_answers.Count);
        }
        return Prepare(sql, args);
    }

    private void Run(string sql, params (string Name, object? Value)[] args) => Prepare(sql, args).ExecuteNonQuery();

    private DbCommand Prepare(string sql, (string Name, object? Value)[] args)
    {
        var command = _writer.Command(sql, _tx);
        foreach (var (name, value) in args)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static DateTimeOffset? Ticks(DbDataReader r, int i) => r.IsDBNull(i) ? null : new DateTimeOffset(r.GetInt64(i), TimeSpan.Zero);
}
