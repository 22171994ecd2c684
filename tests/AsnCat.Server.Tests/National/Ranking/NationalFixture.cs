using System.Globalization;
using AsnCat.Server.Data;
using AsnCat.Server.National.Ranking;
using AsnCat.Server.Tests.Data;
using Microsoft.EntityFrameworkCore;
namespace AsnCat.Server.Tests.National.Ranking;

/// <summary>
/// The centre after intake: two venues, one session each (S-A at Lokasi A, accepted; S-B at
/// Lokasi B, not yet accepted), three formations whose candidates sit at both, scores drawn
/// coarsely so ties happen; plus who sat twice (first at S-A, again at S-B, better: the first
/// counts), who was absent at S-A and sat at S-B (not flagged), one disqualified and one absent.
/// </summary>
internal sealed class NationalFixture : IDisposable
{
    public const string SessionA = "S-A";
    public const string SessionB = "S-B";
    public const string SatTwice = "24T0000001";
    public const string Moved = "24T0000002";

    private NationalFixture(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public Dictionary<string, int> Quotas { get; } = new(StringComparer.Ordinal) { ["F-1"] = 1, ["F-2"] = 2, ["F-3"] = 1 };

    /// <summary>What the test stored: participant, formation, category, and each attempt (session, scores or null, how it ended, finished at).</summary>
    public List<Person> People { get; } = [];

    internal sealed record Sitting(string Session, int[]? Scores, string EndedBy, DateTimeOffset FinishedAt);

    internal sealed record Person(string Number, string Formation, string Category, List<Sitting> Sittings);

    public NationalRanker Ranker => new(new TestDbFactory(Database), TinyBank.Rules, Database.Time);

    public FormationClosures Closures => new(new TestDbFactory(Database), Database.Time);

    public NationalResults Results => new(new TestDbFactory(Database), TinyBank.Rules);

    public static async Task<NationalFixture> CreateAsync()
    {
        var fixture = new NationalFixture(await TestDatabase.CreateAsync());
        await fixture.SeedAsync();
        return fixture;
    }

    private async Task SeedAsync()
    {
        var at = TestDatabase.Start;
        var rng = new Random(18);
        var categories = new[] { "umum", "umum", "umum", "umum", "cumlaude", "disabilitas", "papua", "daerah_tertinggal" };
        var n = 0;
        foreach (var formation in Quotas.Keys)
        {
            for (var i = 0; i < 40; i++)
            {
                n++;
                int[] scores = [55 + 5 * rng.Next(8), 60 + 5 * rng.Next(10), 160 + 2 * rng.Next(10)];
                var session = formation == "F-3" || i % 2 == 1 ? SessionB : SessionA;
                var ended = rng.Next(25) == 0 ? "deadline" : "candidate";
                People.Add(new Person($"24N{n:D7}", formation, categories[rng.Next(categories.Length)],
                    [new Sitting(session, scores, ended, at.AddMinutes(100 + i))]));
            }
        }
        People.Add(new Person(SatTwice, "F-1", "umum", [new(SessionA, [70, 85, 170], "candidate", at.AddMinutes(100)), new(SessionB, [140, 170, 220], "candidate", at.AddDays(1))]));
        People.Add(new Person(Moved, "F-1", "umum", [new(SessionA, null, "absent", at.AddMinutes(100)), new(SessionB, [100, 120, 190], "candidate", at.AddDays(1))]));
        People.Add(new Person("24N9000001", "F-2", "umum", [new(SessionA, [150, 175, 225], "disqualified", at.AddMinutes(50))]));
        People.Add(new Person("24N9000002", "F-2", "umum", [new(SessionB, null, "absent", at.AddMinutes(100))]));

        await using var db = Database.Open();
        var snapshot = new BlueprintSnapshot { Code = "skd", Hash = new string('0', 64), Yaml = "code: skd" };
        var bank = new BankVersion { Code = "uji", Title = "Bank uji", BlueprintCode = "skd", BlueprintSnapshot = snapshot, Hash = new string('1', 64), ImportedAt = at };
        var sessions = new Dictionary<string, ExamSession>(StringComparer.Ordinal)
        {
            [SessionA] = Session(SessionA, "Lokasi A", "WIB", snapshot, bank, bundle: new string('a', 64)),
            [SessionB] = Session(SessionB, "Lokasi B", "WITA", snapshot, bank, bundle: null),
        };
        var formations = Quotas.ToDictionary(q => q.Key, q => new Formation
        {
            Code = q.Key, Agency = "Instansi Uji", Position = "Analis Kebijakan", Location = "Kota Makassar", Quota = q.Value, Education = "S-1 Ilmu Administrasi",
        }, StringComparer.Ordinal);
        var nik = 0;
        foreach (var p in People)
        {
            var candidate = new Candidate
            {
                ParticipantNumber = p.Number, Name = "Peserta " + p.Number, Nik = "7371" + (++nik).ToString("D12", CultureInfo.InvariantCulture),
                BirthDate = new DateOnly(1998, 7, 15), Formation = formations[p.Formation], Category = CandidateCategories.Parse(p.Category),
            };
            foreach (var s in p.Sittings)
            {
                db.Attempts.Add(new Attempt
                {
                    ExamSession = sessions[s.Session], Candidate = candidate, State = AttemptState.Finished, StartedAt = s.FinishedAt.AddMinutes(-100),
                    FinishedAt = s.FinishedAt, EndedBy = s.EndedBy, Total = s.Scores?.Sum(),
                    Scores = s.Scores is null ? null : new Dictionary<string, int> { ["TWK"] = s.Scores[0], ["TIU"] = s.Scores[1], ["TKP"] = s.Scores[2] },
                });
            }
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static ExamSession Session(string code, string venue, string zone, BlueprintSnapshot snapshot, BankVersion bank, string? bundle) => new()
    {
        Code = code, Venue = venue, Room = "Ruang 1", Seats = 200, TimeZone = zone, StartsAt = TestDatabase.Start, BlueprintCode = "skd",
        BlueprintSnapshot = snapshot, BankVersion = bank, ThresholdSetCode = "skd-2024", Seed = new string('5', 32), State = SessionState.Ended,
        BundleSha256 = bundle, LedgerHead = bundle is null ? null : new string('b', 64),
    };

    /// <summary>Intake accepted session B's bundle.</summary>
    public async Task AcceptSessionBAsync()
    {
        await using var db = Database.Open();
        var b = await db.ExamSessions.SingleAsync(s => s.Code == SessionB, TestContext.Current.CancellationToken);
        b.BundleSha256 = new string('c', 64);
        b.LedgerHead = new string('d', 64);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The run's rows with their formation codes.</summary>
    public async Task<List<(string Formation, NationalRankingRow Row)>> RowsAsync(int runId)
    {
        await using var db = Database.Open();
        var codes = await db.Formations.ToDictionaryAsync(f => f.Id, f => f.Code, TestContext.Current.CancellationToken);
        var rows = await db.NationalRankingRows.Where(r => r.RunId == runId).ToListAsync(TestContext.Current.CancellationToken);
        return [.. rows.Select(r => (codes[r.FormationId], r))];
    }

    public void Dispose() => Database.Dispose();
}
