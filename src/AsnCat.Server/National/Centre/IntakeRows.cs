using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
namespace AsnCat.Server.National.Centre;

/// <summary>
/// Where an accepted bundle's answer events and final answers go, on the intake's own connection
/// and transaction: PostgreSQL's binary COPY (the centre: a session of 1,400 candidates is some
/// 150,000 answers and more events, which EF's inserts took most of a minute to write,
/// bench/national-intake.sh), or EF on SQLite (a single server's or a test's centre), saved with
/// the attempts by the intake's next <c>SaveChanges</c>. The events are written in the bundle's order.
/// </summary>
internal static class IntakeRows
{
    public static async Task WriteAsync(AsnCatDb db, List<AnswerEvent> events, List<Answer> answers, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            db.AnswerEvents.AddRange(events);
            db.Answers.AddRange(answers);
            return;
        }
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY answerevents (examsessionid, attemptid, position, option, doubtful, seq, kind, at, venueeventid) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in events)
            {
                copy.StartRow();
                copy.Write(e.ExamSessionId, NpgsqlDbType.Integer);
                copy.Write(e.AttemptId, NpgsqlDbType.Integer);
                copy.Write(e.Position, NpgsqlDbType.Integer);
                WriteNullable(copy, e.Option);
                copy.Write(e.Doubtful, NpgsqlDbType.Boolean);
                copy.Write(e.Seq, NpgsqlDbType.Bigint);
                copy.Write(e.Kind, NpgsqlDbType.Varchar);
                copy.Write(e.At.UtcTicks, NpgsqlDbType.Bigint);   // the model's DateTimeOffset: UTC ticks (AsnCatDb)
                if (e.VenueEventId is { } id)
                {
                    copy.Write(id, NpgsqlDbType.Bigint);
                }
                else
                {
                    copy.WriteNull();
                }
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY answers (attemptid, position, option, doubtful, seq, doubtfulseq, savedat) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var a in answers)
            {
                copy.StartRow();
                copy.Write(a.AttemptId, NpgsqlDbType.Integer);
                copy.Write(a.Position, NpgsqlDbType.Integer);
                WriteNullable(copy, a.Option);
                copy.Write(a.Doubtful, NpgsqlDbType.Boolean);
                copy.Write(a.Seq, NpgsqlDbType.Bigint);
                copy.Write(a.DoubtfulSeq, NpgsqlDbType.Bigint);
                copy.Write(a.SavedAt.UtcTicks, NpgsqlDbType.Bigint);
            }
            await copy.CompleteAsync(ct);
        }
    }

    private static void WriteNullable(NpgsqlBinaryImporter copy, int? value)
    {
        if (value is { } v)
        {
            copy.Write(v, NpgsqlDbType.Integer);
        }
        else
        {
            copy.WriteNull();
        }
    }
}
