using AsnCat.Scoring;
using AsnCat.Server.Data;
using AsnCat.Server.Seeding;
using Microsoft.Data.Sqlite;
namespace AsnCat.LoadTest;

/// <summary>One terminal's acknowledged changes in order, and the positions whose last change got no reply.</summary>
public sealed record AckLog(SeededPerson Person, IReadOnlyList<Ack> Acks, IReadOnlySet<(int Position, bool IsDoubtful)> Uncertain);

/// <summary>
/// Every acknowledged change against the database, after the server stopped:
/// lost = acknowledged (Ok and Applied) but no AnswerEvent with its (attempt, position, kind, seq);
/// doubled = extra AnswerEvents with the same (attempt, position, kind, seq);
/// wrong value = the event holds another option or mark than the terminal sent;
/// final mismatch = the Answers row differs from the last acknowledged answer and mark per position.
/// Unacknowledged = stored changes whose reply the terminal never got (a timeout or a drop).
/// </summary>
public sealed record Reconciliation(long Acknowledged, long Lost, long Doubled, long WrongValue, long FinalChecked, long FinalMismatch, long Unacknowledged, string? FirstProblem)
{
    public bool Clean => Lost == 0 && Doubled == 0 && WrongValue == 0 && FinalMismatch == 0;

    public static Reconciliation Check(string dbPath, int sessionId, IReadOnlyList<Terminal> terminals)
    {
        ArgumentNullException.ThrowIfNull(terminals);
        return Check(dbPath, sessionId, terminals.Select(t => new AckLog(t.Person, t.Acks, t.Uncertain)).ToList());
    }

    /// <summary>The same check for any terminal that kept its acknowledged changes (the fault runner's terminals too).</summary>
    public static Reconciliation Check(string dbPath, int sessionId, IReadOnlyList<AckLog> terminals)
    {
        ArgumentNullException.ThrowIfNull(terminals);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        var sets = Read(connection, "SELECT Id, SetText FROM Attempts WHERE ExamSessionId = $s", sessionId,
            r => (Id: r.GetInt32(0), Parts: r.IsDBNull(1) ? [] : r.GetString(1).Split(' ')))
            .ToDictionary(x => x.Id, x => x.Parts);
        var events = new Dictionary<(int Attempt, int Position, bool IsDoubtful, long Seq), (int? Option, bool Doubtful, int Count)>();
        foreach (var e in Read(connection,
            "SELECT AttemptId, Position, Kind, Seq, Option, Doubtful FROM AnswerEvents WHERE ExamSessionId = $s", sessionId,
            r => (Attempt: r.GetInt32(0), Position: r.GetInt32(1), IsDoubtful: r.GetString(2) == "doubtful", Seq: r.GetInt64(3), Option: r.IsDBNull(4) ? (int?)null : r.GetInt32(4), Doubtful: r.GetBoolean(5))))
        {
            var key = (e.Attempt, e.Position, e.IsDoubtful, e.Seq);
            events[key] = events.TryGetValue(key, out var seen) ? seen with { Count = seen.Count + 1 } : (e.Option, e.Doubtful, 1);
        }
        var answers = Read(connection,
            "SELECT AttemptId, Position, Option, Doubtful, Seq, DoubtfulSeq FROM Answers WHERE AttemptId IN (SELECT Id FROM Attempts WHERE ExamSessionId = $s)", sessionId,
            r => (Attempt: r.GetInt32(0), Position: r.GetInt32(1), Option: r.IsDBNull(2) ? (int?)null : r.GetInt32(2), Doubtful: r.GetBoolean(3), Seq: r.GetInt64(4), DoubtfulSeq: r.GetInt64(5)))
            .ToDictionary(a => (a.Attempt, a.Position));

        long acknowledged = 0, lost = 0, wrong = 0, finalChecked = 0, finalMismatch = 0;
        string? first = null;
        foreach (var t in terminals)
        {
            var attempt = t.Person.AttemptId;
            var set = sets.GetValueOrDefault(attempt) ?? [];
            var lastAnswer = new Dictionary<int, Ack>();
            var lastMark = new Dictionary<int, Ack>();
            foreach (var ack in t.Acks)
            {
                acknowledged++;
                (ack.IsDoubtful ? lastMark : lastAnswer)[ack.Position] = ack;
                if (!events.TryGetValue((attempt, ack.Position, ack.IsDoubtful, ack.Seq), out var stored))
                {
                    lost++;
                    first ??= $"lost: attempt {attempt} position {ack.Position} {(ack.IsDoubtful ? "doubtful" : "answer")} seq {ack.Seq}";
                }
                else if (ack.IsDoubtful ? stored.Doubtful != ack.Doubtful : stored.Option != Original(set, ack.Position, ack.Slot))
                {
                    wrong++;
                    first ??= $"wrong value: attempt {attempt} position {ack.Position} seq {ack.Seq}";
                }
            }
            foreach (var (position, ack) in lastAnswer)
            {
                if (t.Uncertain.Contains((position, false)))
                {
                    continue;
                }
                finalChecked++;
                if (!answers.TryGetValue((attempt, position), out var row) || row.Seq != ack.Seq || row.Option != Original(set, position, ack.Slot))
                {
                    finalMismatch++;
                    first ??= $"final answer differs: attempt {attempt} position {position} (acknowledged seq {ack.Seq})";
                }
            }
            foreach (var (position, ack) in lastMark)
            {
                if (t.Uncertain.Contains((position, true)))
                {
                    continue;
                }
                finalChecked++;
                if (!answers.TryGetValue((attempt, position), out var row) || row.DoubtfulSeq != ack.Seq || row.Doubtful != ack.Doubtful)
                {
                    finalMismatch++;
                    first ??= $"final mark differs: attempt {attempt} position {position} (acknowledged seq {ack.Seq})";
                }
            }
        }
        var doubled = events.Values.Sum(e => (long)e.Count - 1);
        var unacknowledged = events.Values.Sum(e => (long)e.Count) - doubled - (acknowledged - lost);
        return new Reconciliation(acknowledged, lost, doubled, wrong, finalChecked, finalMismatch, unacknowledged, first);
    }

    /// <summary>Answer events and the commits (distinct batch times) that stored them, in [from, to).</summary>
    public static (long Events, long Commits) GroupCommits(string dbPath, DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT At) FROM AnswerEvents WHERE At >= $from AND At < $to";
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// The writer's login batches since <paramref name="from"/>: when each started (seconds after
    /// <paramref name="from"/>; every entry of a batch carries the batch's clock) and how many
    /// logins it held. Shows whether a slow synchronized start waits on the writer or on delivery.
    /// </summary>
    public static List<(double At, long Logins)> LoginBatches(string dbPath, DateTimeOffset from)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT At, COUNT(*) FROM AuditEntries WHERE Action = 'login.ok' AND At >= $from GROUP BY At ORDER BY At";
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        using var reader = command.ExecuteReader();
        var list = new List<(double, long)>();
        while (reader.Read())
        {
            list.Add(((reader.GetInt64(0) - from.UtcTicks) / (double)TimeSpan.TicksPerSecond, reader.GetInt64(1)));
        }
        return list;
    }

    /// <summary>The bank's option shown in <paramref name="slot"/> at a position, from the set's text (<c>ID:CAEBD</c>).</summary>
    private static int? Original(string[] set, int position, int? slot)
    {
        if (slot is not { } s || position >= set.Length)
        {
            return null;
        }
        var part = set[position];
        return Options.Index(part[part.LastIndexOf(':') + 1 + s]);
    }

    private static List<T> Read<T>(SqliteConnection connection, string sql, int sessionId, Func<SqliteDataReader, T> map)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", sessionId);
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(map(reader));
        }
        return list;
    }
}
