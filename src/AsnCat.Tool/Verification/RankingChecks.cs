using AsnCat.Scoring;
using AsnCat.Tool.Ledger;
namespace AsnCat.Tool.Verification;

/// <summary>The checks of a bundle's rankings and of its ledger.</summary>
public static partial class BundleVerifier
{
    private static Place RowPlace(BundleRanking r, int f, int k, string? field = null) =>
        new() { Ranking = f, Formation = r.Formation, Row = k, ParticipantNumber = r.Rows[k].ParticipantNumber, Field = field };

    private static CheckResult Rankings(ResultBundle bundle, BundleMaterials m)
    {
        var findings = new List<Finding>();
        var rows = 0;
        for (var f = 0; f < bundle.Rankings.Count; f++)
        {
            var r = bundle.Rankings[f];
            var at = new Place { Ranking = f, Formation = r.Formation };
            var scored = Enumerable.Range(0, r.Rows.Count).Where(k => StandingOutcomes.Scored(r.Rows[k].Outcome)).ToList();
            if (scored.Count == 0)
            {
                continue;
            }
            if (r.ThresholdSet != m.Thresholds.Code)
            {
                findings.Add(new Finding(FindingKind.RankingThresholdSetDiffers, at with { Field = "thresholdSet" }, m.Thresholds.Code, r.ThresholdSet));
                continue;
            }
            var multiple = m.Thresholds.Ranking.AdvanceMultiple;
            if (r.AdvanceLimit != multiple * r.Quota)
            {
                findings.Add(new Finding(FindingKind.AdvanceLimitDiffers, at with { Field = "advanceLimit" }, Text(multiple * r.Quota), Text(r.AdvanceLimit)) { Detail = Text(multiple) });
            }
            var contestants = new List<Contestant>();
            var usable = new List<int>();
            foreach (var k in scored)
            {
                var row = r.Rows[k];
                var category = m.Thresholds.CategoryIndex(row.Category);
                var card = row.Scores is null ? null : Card(m, row.Scores, at) is (var c, null) ? c : null;
                if (category < 0)
                {
                    findings.Add(new Finding(FindingKind.RowUnrankable, RowPlace(r, f, k, "category"), null, row.Category));
                    continue;
                }
                if (card is null)
                {
                    findings.Add(new Finding(FindingKind.RowUnrankable, RowPlace(r, f, k, "scores")));
                    continue;
                }
                if (row.Total != card.Total)
                {
                    findings.Add(new Finding(FindingKind.RowTotalDiffers, RowPlace(r, f, k, "total"), Text(card.Total), Text(row.Total)));
                }
                usable.Add(k);
                contestants.Add(new Contestant(row.ParticipantNumber, 0, category, [.. card.Subtests]));
            }
            RankedRow[] ranked;
            try
            {
                // the formation's position (per-position thresholds) as the session's candidates of it carry it
                var position = bundle.Candidates.FirstOrDefault(c => c.Formation.Code == r.Formation)?.Formation.Position;
                ranked = Ranking.Rank(m.Thresholds, [new FormationQuota(r.Formation, r.Quota, position)], contestants);
            }
            catch (ArgumentException e)
            {
                findings.Add(new Finding(FindingKind.RankingFailed, at) { Detail = e.Message });
                continue;
            }
            foreach (var x in ranked)
            {
                var k = usable[x.Contestant];
                var row = r.Rows[k];
                int? rank = x.Passed ? x.Rank : null;
                rows++;
                if (row.Rank != rank)
                {
                    findings.Add(new Finding(FindingKind.RankDiffers, RowPlace(r, f, k, "rank"), Text(rank), Text(row.Rank)));
                }
                if (row.Passed != x.Passed || row.Outcome != Unranked.Outcome(null, x.Passed))
                {
                    findings.Add(new Finding(FindingKind.RowPassedDiffers, RowPlace(r, f, k, "passed"), Text(x.Passed), Text(row.Passed)) { Detail = row.Outcome });
                }
                if (row.Advances != x.Advances)
                {
                    findings.Add(new Finding(FindingKind.AdvancesDiffers, RowPlace(r, f, k, "advances"), Text(x.Advances), Text(row.Advances)));
                }
            }
        }
        return new CheckResult(CheckKind.Rankings, rows, findings);
    }

    /// <summary>Every candidate of the session appears in their formation's ranking with the same scores and outcome.</summary>
    private static CheckResult RankingRows(ResultBundle bundle)
    {
        var findings = new List<Finding>();
        var byFormation = bundle.Rankings.Select((r, f) => (r, f)).ToDictionary(x => x.r.Formation, x => x, StringComparer.Ordinal);
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            if (!byFormation.TryGetValue(c.Formation.Code, out var ranking))
            {
                findings.Add(new Finding(FindingKind.FormationNotRanked, Who(bundle, i, "formation"), null, c.Formation.Code));
                continue;
            }
            var k = ranking.r.Rows.ToList().FindIndex(row => row.ParticipantNumber == c.ParticipantNumber);
            var place = Who(bundle, i) with { Ranking = ranking.f, Formation = c.Formation.Code };
            if (k < 0)
            {
                findings.Add(new Finding(FindingKind.CandidateNotRanked, place));
                continue;
            }
            var row = ranking.r.Rows[k];
            place = place with { Row = k };
            var expected = Unranked.Outcome(c.EndedBy, c.Passed == true);
            if (row.Outcome != expected)
            {
                findings.Add(new Finding(FindingKind.OutcomeDiffers, place with { Field = "outcome" }, expected, row.Outcome));
            }
            if (ranking.r.Quota != c.Formation.Quota)
            {
                findings.Add(new Finding(FindingKind.QuotaDiffers, place, Text(c.Formation.Quota), Text(ranking.r.Quota)));
            }
            if (StandingOutcomes.Scored(expected) && (SessionLedger.ScoresText(c.Scores) != SessionLedger.ScoresText(row.Scores) || c.Total != row.Total))
            {
                findings.Add(new Finding(FindingKind.RowScoresDiffer, place with { Field = "scores" }, SessionLedger.ScoresText(c.Scores), SessionLedger.ScoresText(row.Scores)));
            }
        }
        return new CheckResult(CheckKind.RankingRows, bundle.Candidates.Count, findings);
    }

    private static CheckResult Ledger(ResultBundle bundle, LedgerHead ledger)
    {
        var findings = new List<Finding>();
        if (bundle.Ledger.Records != ledger.Records)
        {
            findings.Add(new Finding(FindingKind.LedgerRecordsDiffer, new Place { Field = "ledger.records" }, Text(ledger.Records), Text(bundle.Ledger.Records)));
        }
        if (bundle.Ledger.Head != ledger.Head)
        {
            findings.Add(new Finding(FindingKind.LedgerHeadDiffers, new Place { Field = "ledger.head" }, ledger.Head, bundle.Ledger.Head));
        }
        return new CheckResult(CheckKind.Ledger, ledger.Records, findings);
    }
}
