using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
namespace AsnCat.Server.Exam;

/// <summary>
/// The answer rows of one writer batch (an event and the position's new state per applied answer
/// or doubtful mark), held until the batch writes them with two statements, whatever their number:
/// one INSERT of every event in order and one upsert of each position's last state, both reading
/// the rows from one JSON parameter (SQLite's <c>jsonb_each</c>, whose rows stay binary JSON, so
/// each field is read without parsing text again; PostgreSQL's <c>jsonb_array_elements</c>). Per answer that was four statements (a savepoint, an upsert, an
/// insert, a release), most of the writer's time in a closed loop. A batch that cannot write them is
/// refused whole (<see cref="ExamWriter"/>), as a batch whose commit fails: nothing is acknowledged.
/// One per writer, its buffers reused batch after batch.
/// </summary>
internal sealed class AnswerRows : IDisposable
{
    private readonly List<Row> _rows = [];

    private readonly Dictionary<(int, int), Row> _last = [];

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);

    private readonly Utf8JsonWriter _json = new(Stream.Null);

    public int Count => _rows.Count;

    public void Add(int sessionId, int attemptId, int position, string kind, int? option, bool doubtful, long seq,
        int? stateOption, bool stateDoubtful, long answerSeq, long doubtfulSeq, long at) =>
        _rows.Add(new Row(sessionId, attemptId, position, kind, option, doubtful, seq, stateOption, stateDoubtful, answerSeq, doubtfulSeq, at));

    /// <summary>Forgets every held row (a new batch: whatever a refused one held is gone with it).</summary>
    public void Clear() => _rows.Clear();

    public void Dispose() => _json.Dispose();

    /// <summary>Forgets the rows from <paramref name="from"/> on (a command that failed before they were written).</summary>
    public void DropFrom(int from) => _rows.RemoveRange(from, _rows.Count - from);

    /// <summary>Writes the first <paramref name="count"/> held rows with <paramref name="execute"/> (SQL, the rows as JSON) and forgets them.</summary>
    public void Flush(int count, bool postgres, Action<string, string> execute)
    {
        if (count == 0)
        {
            return;
        }
        var rows = CollectionsMarshal.AsSpan(_rows)[..count];
        var json = Begin();
        foreach (var row in rows)
        {
            Event(json, row);
        }
        execute(postgres ? PostgresEvents : SqliteEvents, End(json));
        // the upsert may touch a position once per statement (PostgreSQL refuses a second touch): its last state only
        _last.Clear();
        foreach (var row in rows)
        {
            _last[(row.AttemptId, row.Position)] = row;
        }
        json = Begin();
        foreach (var row in _last.Values)
        {
            State(json, row);
        }
        execute(postgres ? PostgresStates : SqliteStates, End(json));
        _rows.RemoveRange(0, count);
    }

    private Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartArray();
        return _json;
    }

    private string End(Utf8JsonWriter json)
    {
        json.WriteEndArray();
        json.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    // [session, attempt, position, option, doubtful, seq, kind, at]
    private static void Event(Utf8JsonWriter json, Row r)
    {
        json.WriteStartArray();
        json.WriteNumberValue(r.SessionId);
        json.WriteNumberValue(r.AttemptId);
        json.WriteNumberValue(r.Position);
        Nullable(json, r.Option);
        json.WriteBooleanValue(r.Doubtful);
        json.WriteNumberValue(r.Seq);
        json.WriteStringValue(r.Kind);
        json.WriteNumberValue(r.At);
        json.WriteEndArray();
    }

    // [attempt, position, option, doubtful, answer seq, doubtful seq, saved at]
    private static void State(Utf8JsonWriter json, Row r)
    {
        json.WriteStartArray();
        json.WriteNumberValue(r.AttemptId);
        json.WriteNumberValue(r.Position);
        Nullable(json, r.StateOption);
        json.WriteBooleanValue(r.StateDoubtful);
        json.WriteNumberValue(r.AnswerSeq);
        json.WriteNumberValue(r.DoubtfulSeq);
        json.WriteNumberValue(r.At);
        json.WriteEndArray();
    }

    private static void Nullable(Utf8JsonWriter json, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private const string SqliteEvents =
        """
        INSERT INTO AnswerEvents (ExamSessionId, AttemptId, Position, Option, Doubtful, Seq, Kind, At)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
        FROM jsonb_each(@rows) ORDER BY key
        """;

    private const string SqliteStates =
        """
        INSERT INTO Answers (AttemptId, Position, Option, Doubtful, Seq, DoubtfulSeq, SavedAt)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6
        FROM jsonb_each(@rows) WHERE true
        ON CONFLICT(AttemptId, Position) DO UPDATE SET Option = excluded.Option, Doubtful = excluded.Doubtful, Seq = excluded.Seq, DoubtfulSeq = excluded.DoubtfulSeq, SavedAt = excluded.SavedAt
        """;

    private const string PostgresEvents =
        """
        INSERT INTO AnswerEvents (ExamSessionId, AttemptId, Position, Option, Doubtful, Seq, Kind, At)
        SELECT (e ->> 0)::int, (e ->> 1)::int, (e ->> 2)::int, (e ->> 3)::int, (e ->> 4)::boolean, (e ->> 5)::bigint, e ->> 6, (e ->> 7)::bigint
        FROM jsonb_array_elements(@rows::jsonb) WITH ORDINALITY AS r(e, n) ORDER BY n
        """;

    private const string PostgresStates =
        """
        INSERT INTO Answers (AttemptId, Position, Option, Doubtful, Seq, DoubtfulSeq, SavedAt)
        SELECT (e ->> 0)::int, (e ->> 1)::int, (e ->> 2)::int, (e ->> 3)::boolean, (e ->> 4)::bigint, (e ->> 5)::bigint, (e ->> 6)::bigint
        FROM jsonb_array_elements(@rows::jsonb) AS r(e)
        ON CONFLICT (AttemptId, Position) DO UPDATE SET Option = excluded.Option, Doubtful = excluded.Doubtful, Seq = excluded.Seq, DoubtfulSeq = excluded.DoubtfulSeq, SavedAt = excluded.SavedAt
        """;

    private readonly record struct Row(int SessionId, int AttemptId, int Position, string Kind, int? Option, bool Doubtful, long Seq,
        int? StateOption, bool StateDoubtful, long AnswerSeq, long DoubtfulSeq, long At);
}
