using AsnCat.Server.Banks;
using AsnCat.Server.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.Data;

public class SchemaTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_locked_bank_version_its_items_and_images_can_no_longer_change()
    {
        using var database = await TestDatabase.CreateAsync();
        using var tiny = new TinyBank();
        int id;
        await using (var db = database.Open())
        {
            id = (await database.Importer(db).ImportAsync(tiny.Load(), TinyBank.Rules.Blueprint("skd")!, TinyBank.BlueprintYaml, Ct)).BankVersionId;
            var version = await db.BankVersions.SingleAsync(Ct);
            version.Locked = true;
            await db.SaveChangesAsync(Ct);
        }

        await AssertRefusedAsync(db => db.BankVersions.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Title, "diubah"), Ct));
        await AssertRefusedAsync(db => db.BankVersions.Where(v => v.Id == id).ExecuteUpdateAsync(s => s.SetProperty(v => v.Locked, false), Ct));
        await AssertRefusedAsync(db => db.BankVersions.Where(v => v.Id == id).ExecuteDeleteAsync(Ct));
        await AssertRefusedAsync(db => db.BankItems.Where(i => i.ItemId == "TWK-NAS-001").ExecuteUpdateAsync(s => s.SetProperty(i => i.Answer, 0), Ct));
        await AssertRefusedAsync(db => db.BankItems.Where(i => i.ItemId == "TWK-NAS-001").ExecuteDeleteAsync(Ct));
        await AssertRefusedAsync(db => db.BankImages.ExecuteUpdateAsync(s => s.SetProperty(i => i.Bytes, new byte[] { 1 }), Ct));
        await AssertRefusedAsync(async db =>
        {
            db.BankImages.Add(new BankImage { BankVersionId = id, Path = "baru.svg", ContentType = "image/svg+xml", Bytes = [1] });
            return await db.SaveChangesAsync(Ct);
        });

        await using var check = database.Open();
        var stored = await check.BankVersions.SingleAsync(Ct);
        Assert.Equal(("Bank uji impor", true), (stored.Title, stored.Locked));
        Assert.Equal(1, (await check.BankItems.SingleAsync(i => i.ItemId == "TWK-NAS-001", Ct)).Answer);
        Assert.Equal(2, await check.BankImages.CountAsync(Ct));

        async Task AssertRefusedAsync(Func<AsnCatDb, Task<int>> change)
        {
            await using var db = database.Open();
            var e = await Record.ExceptionAsync(() => change(db));
            var refused = Assert.IsAssignableFrom<DbException>(e is DbUpdateException ? e.InnerException : e);
            Assert.Contains("bank version is locked", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_session_attempt_and_answers_round_trip_and_a_stale_attempt_update_is_refused()
    {
        using var database = await TestDatabase.CreateAsync();
        using var tiny = new TinyBank();
        var startsAt = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(7));
        int attemptId;
        await using (var db = database.Open())
        {
            var versionId = (await database.Importer(db).ImportAsync(tiny.Load(), TinyBank.Rules.Blueprint("skd")!, TinyBank.BlueprintYaml, Ct)).BankVersionId;
            var snapshot = await db.BlueprintSnapshots.SingleAsync(Ct);
            var formation = new Formation { Code = "F-001", Agency = "Kementerian Contoh", Position = "Analis Kebijakan", Location = "Jakarta", Quota = 2, Education = "S-1 Administrasi Negara" };
            var candidate = new Candidate { ParticipantNumber = "2026000001", Name = "Siti Aminah", Nik = "3171012345670001", BirthDate = new DateOnly(2000, 5, 17), Formation = formation, Category = CandidateCategory.DaerahTertinggal, ExtraMinutes = 30, ScreenReader = true };
            var session = new ExamSession { Code = "S-001", Venue = "Kantor Regional", TimeZone = "WIB", StartsAt = startsAt, BlueprintCode = "skd", BlueprintSnapshotId = snapshot.Id, BankVersionId = versionId, ThresholdSetCode = "skd-2024", Seed = ExamSession.NewSeed(), State = SessionState.Scheduled };
            var attempt = new Attempt { ExamSession = session, Candidate = candidate, State = AttemptState.Waiting, ExtraMinutes = 30 };
            attempt.Answers.Add(new Answer { Position = 0, Option = 3, Doubtful = true, Seq = 1, SavedAt = startsAt.AddMinutes(1) });
            db.Add(attempt);
            await db.SaveChangesAsync(Ct);
            db.AnswerEvents.Add(new AnswerEvent { ExamSessionId = session.Id, AttemptId = attempt.Id, Position = 0, Option = 3, Doubtful = true, Seq = 1, At = startsAt.AddMinutes(1) });
            await db.SaveChangesAsync(Ct);
            attemptId = attempt.Id;
            Assert.Equal(0, attempt.Version);
        }

        await using (var check = database.Open())
        {
            var attempt = await check.Attempts.Include(a => a.ExamSession).Include(a => a.Candidate).Include(a => a.Answers).SingleAsync(Ct);
            Assert.Equal(startsAt, attempt.ExamSession!.StartsAt);
            Assert.Equal(TimeSpan.Zero, attempt.ExamSession.StartsAt.Offset);
            Assert.Matches("^[0-9a-f]{32}$", attempt.ExamSession.Seed);
            Assert.Equal(CandidateCategory.DaerahTertinggal, attempt.Candidate!.Category);
            Assert.Equal(new DateOnly(2000, 5, 17), attempt.Candidate.BirthDate);
            Assert.Equal((0, 3, true, startsAt.AddMinutes(1)), (attempt.Answers[0].Position, attempt.Answers[0].Option, attempt.Answers[0].Doubtful, attempt.Answers[0].SavedAt));
            Assert.Equal(1, await check.ExamSessions.CountAsync(s => s.StartsAt < startsAt.AddSeconds(1) && s.State == SessionState.Scheduled, Ct));
        }
        Assert.Equal("daerah_tertinggal|Scheduled|Waiting", await database.ScalarAsync(
            "SELECT c.Category || '|' || s.State || '|' || a.State FROM Attempts a JOIN Candidates c ON c.Id = a.CandidateId JOIN ExamSessions s ON s.Id = a.ExamSessionId"));

        await using var first = database.Open();
        await using var second = database.Open();
        var mine = await first.Attempts.SingleAsync(a => a.Id == attemptId, Ct);
        var theirs = await second.Attempts.SingleAsync(a => a.Id == attemptId, Ct);
        mine.State = AttemptState.Running;
        mine.Scores = new() { ["TWK"] = 5, ["TIU"] = 0, ["TKP"] = 3 };
        await first.SaveChangesAsync(Ct);
        Assert.Equal(1, mine.Version);
        theirs.TerminalId = "T-07";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Ct));

        await using var reread = database.Open();
        var stored = await reread.Attempts.SingleAsync(a => a.Id == attemptId, Ct);
        Assert.Equal((AttemptState.Running, 1, (string?)null), (stored.State, stored.Version, stored.TerminalId));
        Assert.Equal(["TWK", "TIU", "TKP"], stored.Scores!.Keys);
    }

    [Theory]
    [InlineData("317101234567000")]
    [InlineData("31710123456700012")]
    [InlineData("31710123456700a1")]
    public async Task A_nik_that_is_not_sixteen_digits_is_refused(string nik)
    {
        using var database = await TestDatabase.CreateAsync();
        await using var db = database.Open();
        db.Candidates.Add(new Candidate
        {
            ParticipantNumber = "1",
            Name = "Uji",
            Nik = nik,
            Formation = new Formation { Code = "F", Agency = "A", Position = "P", Location = "L", Quota = 1, Education = "S-1" },
        });
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        // PostgreSQL refuses a 17th character by the column's type (varchar(16), error 22001)
        // before any check; SQLite has no length types and refuses it in the check
        var refusedBy = e.InnerException!.Message;
        Assert.True(refusedBy.Contains("CK_Candidates_Nik", StringComparison.Ordinal)
            || (database.Provider == DatabaseProvider.Postgres && nik.Length > 16 && refusedBy.StartsWith("22001:", StringComparison.Ordinal)), refusedBy);
    }
}
