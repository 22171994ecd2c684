using System.Globalization;
using System.Text.Json;
using AsnCat.Scoring;
using AsnCat.Tool.Ledger;
namespace AsnCat.Tool.Verification;

/// <summary>A bundle's checks, in order, and the ledger recomputed from it.</summary>
public sealed record BundleReport(ResultBundle Bundle, IReadOnlyList<CheckResult> Checks, LedgerHead Ledger)
{
    /// <summary>No check found a mismatch.</summary>
    public bool Passed => Checks.All(c => !c.Failed);

    public CheckResult this[CheckKind kind] => Checks.Single(c => c.Kind == kind);

    public IEnumerable<Finding> Findings => Checks.SelectMany(c => c.Findings);
}

/// <summary>
/// Re-derives a session's result bundle (docs/result-bundle.md) from its own contents: the sets
/// from the seed and the bank, the final answers from the events, the totals and passing from the
/// threshold set, with keys the scores from the answers, the rankings, and the ledger. Returns
/// what differs and where, as <see cref="Finding"/>s; prints nothing (the <c>verify</c> command does).
/// </summary>
public static partial class BundleVerifier
{
    /// <summary>Reads a bundle file and checks it.</summary>
    /// <exception cref="BundleUnreadableException">The file cannot be read or is not a bundle this version checks.</exception>
    public static BundleReport Verify(string path) => Verify(Read(path));

    /// <summary>Checks a bundle.</summary>
    /// <exception cref="BundleUnreadableException">Its rules or pool cannot be rebuilt from its contents.</exception>
    public static BundleReport Verify(ResultBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Format != ResultBundle.FormatName)
        {
            throw new BundleUnreadableException(UnreadableKind.UnknownFormat,
                $"format '{bundle.Format}' tidak dikenal; perintah ini membaca {ResultBundle.FormatName}. Gunakan versi AsnCat yang menulis bundel itu.");
        }
        var m = BundleMaterials.Load(bundle);
        var ledger = SessionLedger.Compute(bundle.Candidates);
        CheckResult[] checks =
        [
            Sets(bundle, m),
            Replay(bundle),
            Totals(bundle, m),
            Rescore(bundle, m),
            Rankings(bundle, m),
            RankingRows(bundle),
            Ledger(bundle, ledger),
        ];
        return new BundleReport(bundle, checks, ledger);
    }

    /// <exception cref="BundleUnreadableException">Of kind <see cref="UnreadableKind.File"/> or <see cref="UnreadableKind.NotABundle"/>.</exception>
    public static ResultBundle Read(string path) => Parse(ReadBytes(path));

    /// <summary>A bundle file's exact bytes (what its SHA-256 is taken over).</summary>
    /// <exception cref="BundleUnreadableException">Of kind <see cref="UnreadableKind.File"/>.</exception>
    public static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BundleUnreadableException(UnreadableKind.File, $"tidak dapat dibaca ({e.Message}). Periksa jalur dan izin berkasnya.", e);
        }
    }

    /// <exception cref="BundleUnreadableException">Of kind <see cref="UnreadableKind.NotABundle"/>.</exception>
    public static ResultBundle Parse(byte[] bytes)
    {
        try
        {
            return ResultBundle.Parse(bytes);
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? "" : $" di {e.Path}" + (e.LineNumber is { } l ? $" (baris {l + 1})" : "");
            throw new BundleUnreadableException(UnreadableKind.NotABundle,
                $"bukan bundel hasil {ResultBundle.FormatName}{where}: {e.Message} Ambil ulang berkas aslinya; bundel tidak boleh disunting.", e);
        }
    }

    private static Place Who(ResultBundle bundle, int i, string? field = null) =>
        new() { Candidate = i, ParticipantNumber = bundle.Candidates[i].ParticipantNumber, Field = field };

    private static string[] Tokens(string? set) => set is null ? [] : set.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Text(bool? value) => value switch { true => "true", false => "false", null => null };

    private static CheckResult Sets(ResultBundle bundle, BundleMaterials m)
    {
        var findings = new List<Finding>();
        var drawn = 0;
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            if (c.Set is null)
            {
                if (c.Events.Count > 0)
                {
                    findings.Add(new Finding(FindingKind.EventsWithoutSet, Who(bundle, i, "set"), null, Text(c.Events.Count)));
                }
                continue;
            }
            drawn++;
            var expected = Tokens(m.Pool.Draw(bundle.Session.Seed, c.ParticipantNumber).ToText(m.Pool));
            var actual = Tokens(c.Set);
            var differ = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
                .Where(p => p >= expected.Length || p >= actual.Length || expected[p] != actual[p]).ToList();
            if (differ.Count > 0)
            {
                var p = differ[0];
                findings.Add(new Finding(FindingKind.SetDiffers, Who(bundle, i, "set") with { Position = p },
                    p < expected.Length ? expected[p] : null, p < actual.Length ? actual[p] : null) { Count = differ.Count });
            }
        }
        return new CheckResult(CheckKind.Sets, drawn, findings);
    }

    private static CheckResult Replay(ResultBundle bundle)
    {
        var findings = new List<Finding>();
        var events = 0;
        var seen = new HashSet<long>();
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            var count = Tokens(c.Set).Length;
            var state = new string?[count];
            for (var k = 0; k < c.Events.Count; k++)
            {
                var e = c.Events[k];
                events++;
                var at = Who(bundle, i, "events") with { Event = k };
                if (!seen.Add(e.Id))
                {
                    findings.Add(new Finding(FindingKind.EventIdReused, at, null, Text(e.Id)));
                }
                if (k > 0 && e.Id <= c.Events[k - 1].Id)
                {
                    findings.Add(new Finding(FindingKind.EventIdNotIncreasing, at, Text(c.Events[k - 1].Id), Text(e.Id)));
                }
                if (e.Position < 0 || e.Position >= count)
                {
                    findings.Add(new Finding(FindingKind.EventPositionOutsideSet, at, Text(count - 1), Text(e.Position)));
                    continue;
                }
                if (e.Option is not null && e.Option is not [>= 'A' and <= 'E'])
                {
                    findings.Add(new Finding(FindingKind.EventOptionInvalid, at, null, e.Option));
                }
                switch (e.Kind)
                {
                    case "answer":
                        state[e.Position] = e.Option;
                        break;
                    case "doubtful":
                        break;
                    default:
                        findings.Add(new Finding(FindingKind.EventKindUnknown, at, null, e.Kind));
                        break;
                }
            }
            if (c.Answers.Count != count)
            {
                findings.Add(new Finding(FindingKind.AnswerCountDiffers, Who(bundle, i, "answers"), Text(count), Text(c.Answers.Count)));
                continue;
            }
            for (var p = 0; p < count; p++)
            {
                if (state[p] != c.Answers[p])
                {
                    findings.Add(new Finding(FindingKind.AnswerDiffers, Who(bundle, i, "answers") with { Position = p }, state[p], c.Answers[p]));
                }
            }
        }
        return new CheckResult(CheckKind.Replay, events, findings);
    }

    private static CheckResult Totals(ResultBundle bundle, BundleMaterials m)
    {
        var findings = new List<Finding>();
        var scored = 0;
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            if (c.Scores is null)
            {
                if (!Unranked.Is(c.EndedBy) || c.Total is not null)
                {
                    findings.Add(new Finding(FindingKind.ScoresMissing, Who(bundle, i, "scores"), null, c.EndedBy));
                }
                continue;
            }
            scored++;
            var (card, problem) = Card(m, c.Scores, Who(bundle, i, "scores"));
            if (problem is not null)
            {
                findings.Add(problem);
                continue;
            }
            if (c.Total != card.Total)
            {
                findings.Add(new Finding(FindingKind.TotalDiffers, Who(bundle, i, "total"), Text(card.Total), Text(c.Total)));
            }
            if (m.Thresholds.CategoryIndex(c.Category) < 0)
            {
                findings.Add(new Finding(FindingKind.CategoryUnknown, Who(bundle, i, "category"), null, c.Category));
                continue;
            }
            if (m.Thresholds.NeedsPosition(m.Thresholds.CategoryIndex(c.Category)) && m.Thresholds.PositionIndex(c.Formation.Position) < 0)
            {
                findings.Add(new Finding(FindingKind.PositionUnknown, Who(bundle, i, "formation.position"), null, c.Formation.Position));
                continue;
            }
            var outcome = m.Thresholds.Evaluate(c.Category, card, c.Formation.Position);
            if (c.Passed != outcome.Passed)
            {
                findings.Add(new Finding(FindingKind.PassedDiffers, Who(bundle, i, "passed"), Text(outcome.Passed), Text(c.Passed)) { Detail = outcome.ToString() });
            }
        }
        return new CheckResult(CheckKind.Totals, scored, findings);
    }

    private static CheckResult Rescore(ResultBundle bundle, BundleMaterials m)
    {
        if (m.Key is null)
        {
            return new CheckResult(CheckKind.Rescore, 0, [], Skipped: true);
        }
        var findings = new List<Finding>();
        var rescored = 0;
        for (var i = 0; i < bundle.Candidates.Count; i++)
        {
            var c = bundle.Candidates[i];
            if (c.Set is null || c.Scores is null)
            {
                continue;
            }
            QuestionSet set;
            try
            {
                set = m.Pool.Parse(c.Set);
            }
            catch (FormatException e)
            {
                findings.Add(new Finding(FindingKind.SetUnreadable, Who(bundle, i, "set")) { Detail = e.Message });
                continue;
            }
            if (set.Count != m.Blueprint.TotalItems || c.Answers.Count != set.Count)
            {
                findings.Add(new Finding(FindingKind.SetSizeDiffers, Who(bundle, i), Text(m.Blueprint.TotalItems), Text(set.Count)) { Detail = Text(c.Answers.Count) });
                continue;
            }
            var sheet = c.Answers.Select(a => a is { Length: 1 } && Options.Index(a[0]) is var o and >= 0 ? (sbyte)o : AnswerKey.Blank).ToArray();
            var card = m.Key.Score(set, sheet);
            rescored++;
            for (var s = 0; s < m.Blueprint.Subtests.Count; s++)
            {
                var code = m.Blueprint.Subtests[s].Code;
                int? stated = c.Scores.TryGetValue(code, out var v) ? v : null;
                if (stated != card[s])
                {
                    findings.Add(new Finding(FindingKind.RescoredScoreDiffers, Who(bundle, i, "scores." + code), Text(card[s]), Text(stated)));
                }
            }
            if (c.Total != card.Total)
            {
                findings.Add(new Finding(FindingKind.RescoredTotalDiffers, Who(bundle, i, "total"), Text(card.Total), Text(c.Total)));
            }
            if (m.Thresholds.CategoryIndex(c.Category) is var category and >= 0
                && (!m.Thresholds.NeedsPosition(category) || m.Thresholds.PositionIndex(c.Formation.Position) >= 0)
                && m.Thresholds.Evaluate(c.Category, card, c.Formation.Position).Passed is var passed && c.Passed != passed)
            {
                findings.Add(new Finding(FindingKind.RescoredPassedDiffers, Who(bundle, i, "passed"), Text(passed), Text(c.Passed)));
            }
        }
        return new CheckResult(CheckKind.Rescore, rescored, findings);
    }

    /// <summary>The scores as a card in blueprint order; <c>Problem</c> when a subtest is missing or a code is not a subtest.</summary>
    internal static (ScoreCard Card, Finding? Problem) Card(BundleMaterials m, IReadOnlyDictionary<string, int> scores, Place place)
    {
        var subtests = m.Blueprint.Subtests;
        var values = new int[subtests.Count];
        Finding? problem = null;
        for (var s = 0; s < subtests.Count; s++)
        {
            if (!scores.TryGetValue(subtests[s].Code, out values[s]))
            {
                problem = new Finding(FindingKind.SubtestScoreMissing, place, subtests[s].Code);
            }
        }
        var extra = scores.Keys.Where(k => m.Blueprint.SubtestIndex(k) < 0).ToList();
        if (extra.Count > 0)
        {
            problem = new Finding(FindingKind.ScoreNotASubtest, place, null, string.Join(", ", extra)) { Detail = m.Blueprint.Code };
        }
        return (new ScoreCard(values, values.Sum()), problem);
    }
}
