using AsnCat.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
namespace AsnCat.Server.National.Ranking;

/// <summary>
/// Where a run's rows go, on the run's own connection and transaction: PostgreSQL's binary COPY
/// (millions of rows), or EF on SQLite (a single venue's or a test's few thousand).
/// </summary>
internal abstract class RankingSink : IAsyncDisposable
{
    public static RankingSink Open(AsnCatDb db, int runId) =>
        db.Database.IsNpgsql() ? new CopySink((NpgsqlConnection)db.Database.GetDbConnection(), runId) : new EfSink(db, runId);

    public abstract void Write(NationalRankingRow row);

    public abstract Task CompleteAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    private sealed class CopySink : RankingSink
    {
        private readonly NpgsqlBinaryImporter _copy;
        private readonly int _runId;

        public CopySink(NpgsqlConnection connection, int runId)
        {
            _runId = runId;
            _copy = connection.BeginBinaryImport("""
                COPY nationalrankingrows (runid, formationid, candidateid, participantnumber, category, rank, passed, advances, outcome,
                    total, scores, sessionid, finishedattempts, final, fromformationid) FROM STDIN (FORMAT BINARY)
                """);
        }

        public override void Write(NationalRankingRow row)
        {
            _copy.StartRow();
            _copy.Write(_runId, NpgsqlDbType.Integer);
            _copy.Write(row.FormationId, NpgsqlDbType.Integer);
            _copy.Write(row.CandidateId, NpgsqlDbType.Integer);
            _copy.Write(row.ParticipantNumber, NpgsqlDbType.Varchar);
            _copy.Write(row.Category, NpgsqlDbType.Varchar);
            WriteNullable(row.Rank);
            _copy.Write(row.Passed, NpgsqlDbType.Boolean);
            _copy.Write(row.Advances, NpgsqlDbType.Boolean);
            _copy.Write(row.Outcome, NpgsqlDbType.Varchar);
            WriteNullable(row.Total);
            if (row.Scores is null)
            {
                _copy.WriteNull();
            }
            else
            {
                _copy.Write(row.Scores, NpgsqlDbType.Array | NpgsqlDbType.Integer);
            }
            _copy.Write(row.SessionId, NpgsqlDbType.Integer);
            _copy.Write(row.FinishedAttempts, NpgsqlDbType.Integer);
            _copy.Write(row.Final, NpgsqlDbType.Boolean);
            WriteNullable(row.FromFormationId);
        }

        public override async Task CompleteAsync(CancellationToken ct) => await _copy.CompleteAsync(ct);

        public override ValueTask DisposeAsync() => _copy.DisposeAsync();

        private void WriteNullable(int? value)
        {
            if (value is { } v)
            {
                _copy.Write(v, NpgsqlDbType.Integer);
            }
            else
            {
                _copy.WriteNull();
            }
        }
    }

    private sealed class EfSink(AsnCatDb db, int runId) : RankingSink
    {
        private readonly List<NationalRankingRow> _rows = [];

        public override void Write(NationalRankingRow row)
        {
            row.RunId = runId;
            _rows.Add(row);
        }

        public override async Task CompleteAsync(CancellationToken ct)
        {
            db.NationalRankingRows.AddRange(_rows);
            await db.SaveChangesAsync(ct);
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
