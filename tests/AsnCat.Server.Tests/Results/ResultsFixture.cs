using System.Globalization;
using System.Text;
using AsnCat.Server.Data;
using AsnCat.Server.Results;
using AsnCat.Server.Tests.Data;
using AsnCat.Tool.Banks;
namespace AsnCat.Server.Tests.Results;

/// <summary>
/// A migrated temp database with two formations, two sessions and finished attempts whose scores
/// sit on the threshold edges, plus a generated crowd; and a rules folder holding the shipped
/// <c>skd-2024</c> and a copy under another code (<c>skd-uji</c>) for the mixed-sets case.
/// </summary>
internal sealed class ResultsFixture : IDisposable
{
    public const string FormationA = "F-A";     // quota 1: 3 advance
    public const string FormationB = "F-B";     // quota 2: 6 advance
    public const string SessionOne = "S-1";
    public const string SessionTwo = "S-2";

    private readonly TempDir _rules = new();

    private ResultsFixture(TestDatabase database)
    {
        Database = database;
        foreach (var file in new[] { "blueprints/skd.yaml", "thresholds/skd-2024.yaml" })
        {
            _rules.Write(file, File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, file)));
        }
        _rules.Write("thresholds/skd-uji.yaml", File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "thresholds", "skd-2024.yaml"))
            .Replace("code: skd-2024", "code: skd-uji", StringComparison.Ordinal));
        Rules = new RulesCatalog(_rules.Path);
        Standings = new Standings(new TestDbFactory(database), Rules);
    }

    public TestDatabase Database { get; }

    public RulesCatalog Rules { get; }

    public Standings Standings { get; }

    /// <summary>Every seeded candidate, as the test's own record of what it stored.</summary>
    public List<Seeded> People { get; } = [];

    public Dictionary<string, int> SessionIds { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Quotas { get; } = new(StringComparer.Ordinal) { [FormationA] = 1, [FormationB] = 2 };

    /// <summary>
    /// Participant, formation, session, category, scores (TWK, TIU, TKP; null: none), how it ended
    /// (null: still running), NIK.
    /// </summary>
    internal sealed record Seeded(string Number, string Formation, string Session, string Category, int[]? Scores, string? EndedBy, string Nik);

    public static async Task<ResultsFixture> CreateAsync()
    {
        var fixture = new ResultsFixture(await TestDatabase.CreateAsync());
        await fixture.SeedAsync();
        return fixture;
    }

    private async Task SeedAsync()
    {
        // formation A: the threshold edges and ties; quota 1, so ranks 1..3 advance
        Add("A01", FormationA, SessionOne, "umum", [65, 80, 166]);          // every umum minimum met exactly: 311
        Add("A02", FormationA, SessionOne, "umum", [60, 80, 166]);          // TWK 60 < 65
        Add("A03", FormationA, SessionOne, "umum", [65, 75, 166]);          // TIU 75 < 80
        Add("A04", FormationA, SessionOne, "umum", [100, 100, 165]);        // TKP 165 < 166 (total 365 does not help)
        Add("A05", FormationA, SessionOne, "cumlaude", [60, 85, 166]);      // total 311, TIU 85: passes, ahead of A01 on TIU
        Add("A06", FormationA, SessionTwo, "cumlaude", [60, 85, 165]);      // total 310 < 311
        Add("A07", FormationA, SessionTwo, "cumlaude", [65, 80, 166]);      // total 311 but TIU 80 < 85
        Add("A08", FormationA, SessionTwo, "disabilitas", [50, 60, 176]);   // total 286, TIU 60: passes
        Add("A09", FormationA, SessionOne, "umum", [80, 100, 180]);         // 360
        Add("A10", FormationA, SessionTwo, "umum", [90, 90, 180]);          // 360, TIU 90: behind A09/A11
        Add("A11", FormationA, SessionTwo, "umum", [80, 100, 180]);         // equal to A09 on everything: shares rank 1
        Add("A12", FormationA, SessionOne, "umum", [90, 90, 180]);          // equal to A10: rank 3, the last place, both advance
        Add("A13", FormationA, SessionOne, "umum", [150, 175, 225], "disqualified");
        Add("A14", FormationA, SessionOne, "umum", null, "absent");
        Add("A15", FormationA, SessionTwo, "diaspora", [70, 85, 156]);      // total 311, TIU 85: passes

        // formation B: papua/daerah_tertinggal edges, one still running in S-1, and a generated crowd
        Add("B01", FormationB, SessionOne, "papua", [60, 60, 166]);               // 286 passes
        Add("B02", FormationB, SessionOne, "daerah_tertinggal", [60, 60, 165]);   // 285 < 286
        Add("B03", FormationB, SessionOne, "papua", [61, 55, 170]);               // TIU 55 < 60
        Add("B04", FormationB, SessionOne, "umum", null, null);                   // still running
        Add("B05", FormationB, SessionTwo, "umum", null, "absent");
        var rng = new Random(4);
        var categories = new[] { "umum", "umum", "umum", "cumlaude", "diaspora", "disabilitas", "papua", "daerah_tertinggal" };
        for (var i = 0; i < 60; i++)
        {
            // coarse scores near the thresholds, so ties and edges happen
            int[] scores = [55 + 5 * rng.Next(6), 55 + 5 * rng.Next(10), 160 + 2 * rng.Next(12)];
            var ended = rng.Next(20) switch { 0 => "disqualified", 1 => "absent", _ => rng.Next(2) == 0 ? "candidate" : "deadline" };
            Add($"B{i + 10:D2}", FormationB, i % 3 == 0 ? SessionTwo : SessionOne, categories[rng.Next(categories.Length)], ended == "absent" ? null : scores, ended);
        }

        await using var db = Database.Open();
        var snapshot = new BlueprintSnapshot { Code = "skd", Hash = new string('0', 64), Yaml = "code: skd" };
        var bank = new BankVersion { Code = "uji", Title = "Bank uji", BlueprintCode = "skd", BlueprintSnapshot = snapshot, Hash = new string('1', 64), ImportedAt = TestDatabase.Start };
        var sessions = new[] { SessionOne, SessionTwo }.ToDictionary(code => code, code => new ExamSession
        {
            Code = code, Venue = "Gedung Uji", Room = "Ruang 1", Seats = 100, TimeZone = "WITA", StartsAt = TestDatabase.Start, BlueprintCode = "skd",
            BlueprintSnapshot = snapshot, BankVersion = bank, ThresholdSetCode = "skd-2024", Seed = new string('a', 32), State = SessionState.Running,
        }, StringComparer.Ordinal);
        var formations = Quotas.ToDictionary(q => q.Key, q => new Formation
        {
            Code = q.Key, Agency = "Instansi Uji", Position = "Analis", Location = "Kota Makassar", Quota = q.Value, Education = "S-1",
        }, StringComparer.Ordinal);
        // a formation with no candidates at all
        db.Formations.Add(new Formation { Code = "F-KOSONG", Agency = "Instansi Uji", Position = "Analis", Location = "Kota Makassar", Quota = 1, Education = "S-1" });
        foreach (var p in People)
        {
            var candidate = new Candidate
            {
                ParticipantNumber = p.Number, Name = "Peserta " + p.Number, Nik = p.Nik, BirthDate = new DateOnly(1998, 7, 15),
                Formation = formations[p.Formation], Category = CandidateCategories.Parse(p.Category),
            };
            db.Attempts.Add(Attempt(sessions[p.Session], candidate, p.Scores, p.EndedBy));
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        foreach (var s in sessions.Values)
        {
            SessionIds[s.Code] = s.Id;
        }
    }

    /// <summary>A finished attempt as the exam writer leaves it (scores by subtest code, total, passed); running when endedBy is null.</summary>
    public static Attempt Attempt(ExamSession session, Candidate candidate, int[]? scores, string? endedBy) => new()
    {
        ExamSession = session,
        Candidate = candidate,
        State = endedBy is null ? AttemptState.Running : AttemptState.Finished,
        StartedAt = TestDatabase.Start,
        FinishedAt = endedBy is null ? null : TestDatabase.Start + TimeSpan.FromMinutes(100),
        EndedBy = endedBy,
        Scores = scores is null ? null : new Dictionary<string, int> { ["TWK"] = scores[0], ["TIU"] = scores[1], ["TKP"] = scores[2] },
        Total = scores?.Sum(),
    };

    private void Add(string number, string formation, string session, string category, int[]? scores, string? endedBy = "candidate") =>
        People.Add(new Seeded(number, formation, session, category, scores, endedBy, "7371" + (People.Count + 1).ToString("D12", CultureInfo.InvariantCulture)));

    public void Dispose()
    {
        Database.Dispose();
        _rules.Dispose();
    }

    /// <summary>
    /// The standings worked out here, independently of the scoring library: DOMAIN.md's 2024
    /// thresholds, passers sorted by total, TKP, TIU, TWK; rank = 1 + passers strictly ahead;
    /// advance = rank &lt;= 3 x quota. Rows: passers in rank order (ties by participant number),
    /// then non-passers, then disqualified, then absent, each by participant number.
    /// </summary>
    public List<Expected> ExpectedStandings(string formation)
    {
        var finished = People.Where(p => p.Formation == formation && p.EndedBy is not null).ToList();
        var scored = finished.Where(p => p.EndedBy is not ("disqualified" or "absent")).ToList();
        var passers = scored.Where(p => Passes(p.Category, p.Scores!))
            .OrderByDescending(p => p.Scores!.Sum()).ThenByDescending(p => p.Scores![2]).ThenByDescending(p => p.Scores![1]).ThenByDescending(p => p.Scores![0])
            .ThenBy(p => p.Number, StringComparer.Ordinal).ToList();
        var rows = new List<Expected>();
        foreach (var p in passers)
        {
            var rank = 1 + passers.Count(q => Key(q).CompareTo(Key(p)) > 0);
            rows.Add(new Expected(p, rank, true, rank <= 3 * Quotas[formation], "lulus"));
        }
        rows.AddRange(scored.Except(passers).OrderBy(p => p.Number, StringComparer.Ordinal).Select(p => new Expected(p, null, false, false, "tidak_lulus")));
        rows.AddRange(finished.Where(p => p.EndedBy == "disqualified").OrderBy(p => p.Number, StringComparer.Ordinal).Select(p => new Expected(p, null, false, false, "diskualifikasi")));
        rows.AddRange(finished.Where(p => p.EndedBy == "absent").OrderBy(p => p.Number, StringComparer.Ordinal).Select(p => new Expected(p, null, false, false, "tidak_hadir")));
        return rows;

        static (int, int, int, int) Key(Seeded p) => (p.Scores!.Sum(), p.Scores![2], p.Scores![1], p.Scores![0]);
    }

    internal sealed record Expected(Seeded Person, int? Rank, bool Passed, bool Advances, string Outcome);

    /// <summary>SKD 2024 thresholds as DOMAIN.md states them.</summary>
    public static bool Passes(string category, int[] s) => category switch
    {
        "umum" => s[0] >= 65 && s[1] >= 80 && s[2] >= 166,
        "cumlaude" or "diaspora" => s.Sum() >= 311 && s[1] >= 85,
        _ => s.Sum() >= 286 && s[1] >= 60,
    };

    /// <summary>A small RFC 4180 reader (quoted fields, doubled quotes, CRLF), written for these tests.</summary>
    public static List<string[]> ParseCsv(byte[] bytes)
    {
        var preamble = Encoding.UTF8.GetPreamble();
        Assert.True(bytes.AsSpan().StartsWith(preamble), "CSV starts with the UTF-8 BOM");
        var text = Encoding.UTF8.GetString(bytes, preamble.Length, bytes.Length - preamble.Length);
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(text[i++]);
                    }
                }
                continue;
            }
            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
            }
            else if (c == '\r')
            {
                Assert.Equal('\n', text[i + 1]);
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i += 2;
            }
            else
            {
                Assert.NotEqual('\n', c);   // a bare LF outside quotes: not RFC 4180
                field.Append(c);
                i++;
            }
        }
        Assert.Empty(fields);
        Assert.Equal(0, field.Length);
        return records;
    }

    /// <summary>SKD's score columns, as the standings of skd-2024 carry them.</summary>
    public static IReadOnlyList<SubtestColumn> Skd { get; } = [new("TWK", "Tes Wawasan Kebangsaan"), new("TIU", "Tes Intelegensia Umum"), new("TKP", "Tes Karakteristik Pribadi")];

    /// <summary>A row as the CSV must spell it: invariant numbers, empty for none, true/false.</summary>
    public static string[] CsvFields(StandingRow r) =>
    [
        r.FormationCode, Num(r.Rank), r.ParticipantNumber, r.Name, r.Category, Num(r.Scores?["TWK"]), Num(r.Scores?["TIU"]), Num(r.Scores?["TKP"]), Num(r.Total),
        r.Passed ? "true" : "false", r.FailedRequirements ?? "", r.Advances ? "true" : "false", r.Outcome, r.Status,
    ];

    private static string Num(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
}
