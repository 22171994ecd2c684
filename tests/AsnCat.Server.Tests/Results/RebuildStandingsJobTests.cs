using AsnCat.Server.Data;
using AsnCat.Server.Results;
using ClosedXML.Excel;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
namespace AsnCat.Server.Tests.Results;

/// <summary>The job writes each formation's and the session's exports, atomically and the same on every run.</summary>
public sealed class RebuildStandingsJobTests : IAsyncLifetime
{
    private readonly TempDir _root = new();
    private ResultsFixture _fixture = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _fixture = await ResultsFixture.CreateAsync();

    public ValueTask DisposeAsync()
    {
        _fixture.Dispose();
        _root.Dispose();
        return ValueTask.CompletedTask;
    }

    private RebuildStandingsJob Job(string? exportDirectory = null) => new(
        _fixture.Standings,
        Options.Create(exportDirectory is null ? new ResultsOptions() : new ResultsOptions { ExportDirectory = exportDirectory }),
        new HostingEnvironment { ContentRootPath = _root.Path },
        NullLogger<RebuildStandingsJob>.Instance);

    [Fact]
    public async Task It_writes_every_formation_of_the_session_and_the_session_under_data_exports_and_a_second_run_writes_the_same_csv_bytes()
    {
        var job = Job();
        var dir = Path.Combine(_root.Path, "data", "exports");
        Assert.Equal(dir, job.ExportDirectory);

        await job.RunForSessionAsync(_fixture.SessionIds[ResultsFixture.SessionTwo]);

        string[] names = ["formation-F-A.csv", "formation-F-A.xlsx", "formation-F-B.csv", "formation-F-B.xlsx", "session-S-2.csv", "session-S-2.xlsx"];
        Assert.Equal(names, Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        var first = names.Where(n => n.EndsWith(".csv", StringComparison.Ordinal)).ToDictionary(n => n, n => File.ReadAllBytes(Path.Combine(dir, n)));
        var formationA = (await _fixture.Standings.ForFormationAsync(ResultsFixture.FormationA, Ct))!;
        var session = (await _fixture.Standings.ForSessionAsync(_fixture.SessionIds[ResultsFixture.SessionTwo], Ct))!.Value.Session;
        Assert.Equal(ResultExports.Csv(formationA.Subtests, formationA.Rows), first["formation-F-A.csv"]);
        Assert.Equal(ResultExports.Csv(session.Subtests, session.Rows), first["session-S-2.csv"]);
        using (var workbook = new XLWorkbook(Path.Combine(dir, "session-S-2.xlsx")))
        {
            var sheet = workbook.Worksheet(1);
            Assert.Equal(session.Rows.Select(r => r.ParticipantNumber), Enumerable.Range(2, session.Rows.Count).Select(r => sheet.Cell(r, 3).GetString()));
        }

        await job.RunForSessionAsync(_fixture.SessionIds[ResultsFixture.SessionTwo]);

        Assert.Equal(names, Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());   // no temp files left
        foreach (var (name, bytes) in first)
        {
            Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(dir, name)));
        }
    }

    [Fact]
    public async Task A_rebuild_after_a_change_replaces_the_files_in_the_configured_folder()
    {
        var job = Job("hasil");
        var id = _fixture.SessionIds[ResultsFixture.SessionOne];
        await job.RunForSessionAsync(id);
        var file = Path.Combine(_root.Path, "hasil", "formation-F-A.csv");
        var before = File.ReadAllBytes(file);

        // the committee disqualifies the leader
        await using (var db = _fixture.Database.Open())
        {
            await db.Attempts.Where(a => a.Candidate!.ParticipantNumber == "A09").ExecuteUpdateAsync(a => a.SetProperty(x => x.EndedBy, "disqualified"), Ct);
        }
        await job.RunForSessionAsync(id);

        var after = ResultsFixture.ParseCsv(File.ReadAllBytes(file));
        Assert.NotEqual(before, File.ReadAllBytes(file));
        Assert.Equal(["F-A", "", "A09"], Assert.Single(after, r => r[2] == "A09")[..3]);
        Assert.Equal(["F-A", "1", "A11"], after[1][..3]);
    }

    [Fact]
    public async Task A_formation_that_cannot_be_ranked_fails_the_job_but_the_other_formations_are_written()
    {
        // one candidate of F-A sat a session under another threshold set
        await using (var db = _fixture.Database.Open())
        {
            var s1 = await db.ExamSessions.SingleAsync(s => s.Code == ResultsFixture.SessionOne, Ct);
            var other = new ExamSession
            {
                Code = "S-LAIN", Venue = "Gedung Lain", TimeZone = "WIT", StartsAt = s1.StartsAt, BlueprintCode = "skd", BlueprintSnapshotId = s1.BlueprintSnapshotId,
                BankVersionId = s1.BankVersionId, ThresholdSetCode = "skd-uji", Seed = new string('b', 32), State = SessionState.Ended,
            };
            var formation = await db.Formations.SingleAsync(f => f.Code == ResultsFixture.FormationA, Ct);
            var candidate = new Candidate { ParticipantNumber = "A99", Name = "Peserta A99", Nik = "7371999999999999", BirthDate = new DateOnly(1999, 1, 1), Formation = formation };
            db.Attempts.Add(ResultsFixture.Attempt(other, candidate, [100, 100, 200], "candidate"));
            await db.SaveChangesAsync(Ct);
        }
        var job = Job();

        var e = await Assert.ThrowsAsync<StandingsException>(() => job.RunForSessionAsync(_fixture.SessionIds[ResultsFixture.SessionOne]));

        Assert.Contains("Formasi F-A", e.Message, StringComparison.Ordinal);
        Assert.Equal(["formation-F-B.csv", "formation-F-B.xlsx"], Directory.GetFiles(job.ExportDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task An_unknown_session_writes_nothing_and_does_not_fail()
    {
        var job = Job();

        await job.RunForSessionAsync(12345);

        Assert.Empty(Directory.GetFiles(job.ExportDirectory));
    }

    [Fact]
    public void Enqueue_queues_the_job_for_the_session()
    {
        using var storage = new InMemoryStorage();
        var client = new BackgroundJobClient(storage);

        var id = RebuildStandingsJob.Enqueue(client, 42);

        var details = storage.GetMonitoringApi().JobDetails(id);
        Assert.Equal((typeof(RebuildStandingsJob), nameof(RebuildStandingsJob.RunForSessionAsync)), (details.Job.Type, details.Job.Method.Name));
        Assert.Equal([42], details.Job.Args);
    }
}
