using AsnCat.Server.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
namespace AsnCat.Server.Tests.Data;

/// <summary>The answer log moved from an index by attempt to one by session: events logged before the move keep their place.</summary>
public sealed class AnswerEventsMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // SQLite only: the move is a table rebuild in the SQLite migrations; PostgreSQL's migrations
    // began after it, with the log indexed by session from the first
    [Fact]
    public async Task Events_logged_before_the_move_are_given_their_attempts_session_and_the_log_is_indexed_by_session_only()
    {
        using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var tiny = new TinyBank();
        await using (var db = database.Open())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_AnswerEventsBySession", StringComparison.Ordinal)) - 1];
            await db.GetService<IMigrator>().MigrateAsync(before, Ct);
        }
        int sessionId, attemptId;
        await using (var db = database.Open())
        {
            var versionId = (await database.Importer(db).ImportAsync(tiny.Load(), TinyBank.Rules.Blueprint("skd")!, TinyBank.BlueprintYaml, Ct)).BankVersionId;
            var snapshot = await db.BlueprintSnapshots.SingleAsync(Ct);
            var formation = new Formation { Code = "F-001", Agency = "Kementerian Contoh", Position = "Analis", Location = "Jakarta", Quota = 1, Education = "S-1" };
            var candidate = new Candidate { ParticipantNumber = "2026000001", Name = "Siti Aminah", Nik = "3171012345670001", BirthDate = new DateOnly(2000, 5, 17), Formation = formation };
            db.Add(candidate);
            await db.SaveChangesAsync(Ct);
            // the sessions in the schema of that time (the model has columns added since): a second
            // session first, so the session's id differs from the attempt's
            foreach (var (code, state) in new[] { ("S-000", nameof(SessionState.Ended)), ("S-001", nameof(SessionState.Running)) })
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO ExamSessions (Code, Venue, TimeZone, StartsAt, Seats, BlueprintCode, BlueprintSnapshotId, BankVersionId, ThresholdSetCode, Seed, State)
                    VALUES ({code}, 'Kantor Regional', 'WIB', {TestDatabase.Start.UtcTicks}, 0, 'skd', {snapshot.Id}, {versionId}, 'skd-2024', {ExamSession.NewSeed()}, {state})
                    """, Ct);
            }
            sessionId = await db.Database.SqlQuery<int>($"SELECT Id AS Value FROM ExamSessions WHERE Code = 'S-001'").SingleAsync(Ct);
            await db.Database.ExecuteSqlAsync($"INSERT INTO Attempts (ExamSessionId, CandidateId, FailedPinCount, State, ExtraMinutes, HighContrast, Version) VALUES ({sessionId}, {candidate.Id}, 0, 'Running', 0, 0, 0)", Ct);
            attemptId = await db.Database.SqlQuery<int>($"SELECT Id AS Value FROM Attempts").SingleAsync(Ct);
        }
        Assert.NotEqual(sessionId, attemptId);
        await using (var raw = new SqliteConnection(database.ConnectionString))
        {
            await raw.OpenAsync(Ct);
            await using var insert = raw.CreateCommand();
            insert.CommandText = "INSERT INTO AnswerEvents (AttemptId, Position, Option, Doubtful, Seq, Kind, At) VALUES ($a, 0, 2, 0, 1, 'answer', 0), ($a, 0, 3, 0, 2, 'answer', 1)";
            insert.Parameters.AddWithValue("$a", attemptId);
            Assert.Equal(2, await insert.ExecuteNonQueryAsync(Ct));
        }

        await using (var db = database.Open())
        {
            await db.Database.MigrateAsync(Ct);
            Assert.Equal([sessionId, sessionId], await db.AnswerEvents.OrderBy(e => e.Id).Select(e => e.ExamSessionId).ToListAsync(Ct));
            Assert.Equal([1L, 2L], await db.AnswerEvents.Where(e => e.ExamSessionId == sessionId).OrderBy(e => e.Id).Select(e => e.Seq).ToListAsync(Ct));
        }
        await using (var raw = new SqliteConnection(database.ConnectionString))
        {
            await raw.OpenAsync(Ct);
            await using var indexes = raw.CreateCommand();
            indexes.CommandText = "SELECT name FROM pragma_index_list('AnswerEvents') WHERE origin = 'c' ORDER BY name";
            var names = new List<string>();
            await using (var reader = await indexes.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    names.Add(reader.GetString(0));
                }
            }
            // one index, and not by attempt: each answer appends at the end of its session's range
            Assert.Equal(["IX_AnswerEvents_ExamSessionId_Id"], names);
        }
    }
}
