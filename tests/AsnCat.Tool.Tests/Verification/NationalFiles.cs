using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using AsnCat.Scoring;
using AsnCat.Tool.Banks;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
using AsnCat.Tool.Verification;
namespace AsnCat.Tool.Tests.Verification;

/// <summary>
/// A small national selection as files, written the way the centre and the venues write them:
/// two sessions at two venues (S-A at Lokasi A, ended first; S-B at Lokasi B, a day later), formation
/// F-1 (quota 1) spanning both and F-2 (quota 1) at S-B only. Scores are stated (bundles without
/// keys: the verifier re-derives totals, passing, rankings and the ledger, not the scores); passing
/// and each bundle's own rankings come from the threshold file <c>skd-2024</c> and the scoring library.
/// In F-1: N-01 and N-06 tie on 400 (N-06 wins on TIU), N-05 sat at S-A (340) and again at S-B
/// (470; flagged, the first counts), N-04 was absent at S-A and sat at S-B, N-03 failed TWK, N-07 was
/// disqualified. F-2 has two passers, so one of its 3 x 1 advancing places is filled by optimalisasi
/// with N-05 (passed F-1 at rank 4, not advancing).
/// </summary>
internal sealed class NationalFiles : IDisposable
{
    /// <summary>The real SKD blueprint: the ranking checks scores against its maxima (TWK 150, TIU 175, TKP 225).</summary>
    private static readonly string BlueprintYaml = File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "blueprints", "skd.yaml"));

    private static readonly string[] Difficulties = ["mudah", "sedang", "sulit"];

    private readonly TempDir _dir = new();

    public NationalFiles()
    {
        SessionA = WriteBundle("S-A", "Lokasi A", "2026-11-23T03:00:00.0000000Z",
        [
            Sat("N-01", "F-1", [100, 120, 180]),
            Sat("N-02", "F-1", [90, 100, 170]),
            Sat("N-03", "F-1", [60, 150, 200]),
            Candidate("N-04", "F-1", null, "absent"),
            Sat("N-05", "F-1", [80, 90, 170]),
        ]);
        SessionB = WriteBundle("S-B", "Lokasi B", "2026-11-24T03:00:00.0000000Z",
        [
            Sat("N-04", "F-1", [70, 80, 166]),
            Sat("N-05", "F-1", [120, 150, 200]),
            Sat("N-06", "F-1", [95, 125, 180]),
            Candidate("N-07", "F-1", null, "disqualified"),
            Sat("N-08", "F-2", [100, 100, 170]),
            Sat("N-09", "F-2", [90, 90, 170]),
        ]);
        Publication = PublicationJson();
    }

    public string SessionA { get; }

    public string SessionB { get; }

    /// <summary>The correct publication of the two bundles, as the centre serves it (camelCase JSON).</summary>
    public JsonNode Publication { get; }

    public string Dir => _dir.Path;

    public static BundleCandidate Sat(string number, string formation, int[] scores) => Candidate(number, formation, scores, "candidate");

    public static BundleCandidate Candidate(string number, string formation, int[]? scores, string endedBy) => new(
        number, "Peserta " + number, "umum", new BundleFormation(formation, 1, "Analis"), null, null, [], [],
        scores is null ? null : new Dictionary<string, int> { ["TWK"] = scores[0], ["TIU"] = scores[1], ["TKP"] = scores[2] },
        scores?.Sum(), scores is null ? null : false, endedBy);

    /// <summary>A bundle that passes <c>verify</c> on its own: passing from the threshold file, its rankings from the scoring library, its ledger computed.</summary>
    public string WriteBundle(string code, string venue, string endedAt, IReadOnlyList<BundleCandidate> candidates, string? name = null)
    {
        var thresholds = File.ReadAllText(Path.Combine(TestPaths.QuestionBanks, "thresholds", "skd-2024.yaml"));
        var draft = new ResultBundle(ResultBundle.FormatName,
            new BundleSession(code, venue, "Ruang 1", "WIB", "2026-11-23T01:00:00.0000000Z", endedAt, "5eed" + code),
            new BundleBank(new string('1', 64), "skd", BlueprintYaml, false, Pool()),
            new BundleThresholds("skd-2024", thresholds), [], [], new BundleLedger("sha256", 0, ""));
        var set = BundleMaterials.Load(draft).Thresholds;
        var scored = candidates.Select(c => c.Scores is null ? c
            : c with { Passed = set.Evaluate(c.Category, new ScoreCard([c.Scores["TWK"], c.Scores["TIU"], c.Scores["TKP"]], c.Total!.Value), c.Formation.Position).Passed }).ToList();
        var rankings = scored.GroupBy(c => c.Formation.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var ranked = g.Where(c => c.Scores is not null && !Unranked.Is(c.EndedBy)).ToList();
            var rows = Ranking.Rank(set, [new FormationQuota(g.Key, 1, "Analis")],
                    [.. ranked.Select(c => new Contestant(c.ParticipantNumber, 0, set.CategoryIndex(c.Category), [c.Scores!["TWK"], c.Scores["TIU"], c.Scores["TKP"]]))])
                .Select(r => (ranked[r.Contestant], r)).Select(x => new BundleRankingRow(x.Item1.ParticipantNumber, x.Item1.Category, x.Item1.Scores, x.Item1.Total,
                    x.r.Passed ? x.r.Rank : null, x.r.Passed, x.r.Advances, Unranked.Outcome(null, x.r.Passed)))
                .Concat(g.Where(c => Unranked.Is(c.EndedBy)).Select(c => new BundleRankingRow(c.ParticipantNumber, c.Category, null, null, null, false, false, Unranked.Outcome(c.EndedBy, false))));
            return new BundleRanking(g.Key, 1, set.Code, set.Ranking.AdvanceMultiple, [.. rows]);
        }).ToList();
        var ledger = SessionLedger.Compute(scored);
        var bundle = draft with { Candidates = scored, Rankings = rankings, Ledger = new BundleLedger("sha256", ledger.Records, ledger.Head) };
        var path = Path.Combine(Dir, name ?? ResultBundle.FileName(code, false));
        File.WriteAllBytes(path, bundle.ToBytes());
        Assert.True(BundleVerifier.Verify(path).Passed);
        return path;
    }

    /// <summary>A pool that covers the blueprint: for each subtopic, as many items as it asks at each difficulty. No set is drawn from it (no candidate here has a set).</summary>
    private static List<BundleItem> Pool()
    {
        var blueprint = RuleFiles.ParseBlueprint("skd.yaml", BlueprintYaml, [])!;
        return [.. blueprint.Subtests.SelectMany(s => s.Subtopics.SelectMany(t => Difficulties.SelectMany(d =>
            Enumerable.Range(1, t.Items).Select(n => new BundleItem($"{s.Code}-{t.Code}-{d}-{n}", s.Code, t.Code, d)))))];
    }

    public static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public static string Head(string path) => ResultBundle.Parse(File.ReadAllBytes(path)).Ledger.Head;

    private static JsonObject Row(string number, int? rank, int[]? scores, string outcome, bool advances = false, int attempts = 1, string? from = null) => new()
    {
        ["participantNumber"] = number,
        ["category"] = "umum",
        ["rank"] = rank,
        ["scores"] = scores is null ? null : new JsonObject { ["TWK"] = scores[0], ["TIU"] = scores[1], ["TKP"] = scores[2] },
        ["total"] = scores?.Sum(),
        ["passed"] = outcome is "lulus" or "optimalisasi",
        ["advances"] = advances,
        ["outcome"] = outcome,
        ["finishedAttempts"] = attempts,
        ["fromFormation"] = from,
    };

    private static JsonObject Formation(string code, params JsonObject[] rows) => new()
    {
        ["code"] = code,
        ["quota"] = 1,
        ["position"] = "Analis",
        ["education"] = "S-1",
        ["thresholdSet"] = "skd-2024",
        ["final"] = false,
        ["subtests"] = new JsonArray("TWK", "TIU", "TKP"),
        ["rows"] = new JsonArray(rows),
    };

    private JsonObject PublicationJson() => new JsonObject
    {
        ["format"] = "asncat-national/1",
        ["selection"] = new JsonObject
        {
            ["runId"] = 4, ["rankedAt"] = "2026-11-25T02:00:00+00:00", ["thresholdSets"] = new JsonArray("skd-2024"), ["candidates"] = 9, ["flagged"] = 1,
        },
        ["bundles"] = new JsonArray(
            new JsonObject { ["venue"] = "Lokasi A", ["session"] = "S-A", ["sha256"] = Sha(SessionA), ["ledgerHead"] = Head(SessionA) },
            new JsonObject { ["venue"] = "Lokasi B", ["session"] = "S-B", ["sha256"] = Sha(SessionB), ["ledgerHead"] = Head(SessionB) }),
        ["formations"] = new JsonArray(
            Formation("F-1",
                Row("N-06", 1, [95, 125, 180], "lulus", advances: true),
                Row("N-01", 2, [100, 120, 180], "lulus", advances: true),
                Row("N-02", 3, [90, 100, 170], "lulus", advances: true),
                Row("N-05", 4, [80, 90, 170], "lulus", attempts: 2),
                Row("N-04", 5, [70, 80, 166], "lulus"),
                Row("N-03", null, [60, 150, 200], "tidak_lulus"),
                Row("N-07", null, null, "diskualifikasi")),
            Formation("F-2",
                Row("N-08", 1, [100, 100, 170], "lulus", advances: true),
                Row("N-09", 2, [90, 90, 170], "lulus", advances: true),
                Row("N-05", null, [80, 90, 170], "optimalisasi", advances: true, attempts: 2, from: "F-1"))),
    };

    /// <summary>Writes a publication (the correct one changed by the test) and returns its path.</summary>
    public string WritePublication(JsonNode publication, string name = "publikasi.json")
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, publication.ToJsonString(JsonSerializerOptions.Web));
        return path;
    }

    public JsonNode Copy() => Publication.DeepClone();

    public void Dispose() => _dir.Dispose();
}
