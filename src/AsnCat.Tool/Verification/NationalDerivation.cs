using System.Globalization;
using AsnCat.Scoring;
using AsnCat.Tool.Ledger;
using AsnCat.Tool.National;
namespace AsnCat.Tool.Verification;

/// <summary>The national ranking re-derived from the bundles, and compared with the published rows.</summary>
public static partial class NationalVerifier
{
    /// <summary>At most this many mismatches are listed for one formation; the count says how many more.</summary>
    public const int MaxDetails = 20;

    /// <summary>A row as re-derived, with the session its counted attempt comes from.</summary>
    private sealed record DerivedRow(
        string ParticipantNumber, string Category, int? Rank, IReadOnlyDictionary<string, int>? Scores, int? Total,
        bool Passed, bool Advances, string Outcome, int FinishedAttempts, string Session);

    /// <summary>A formation as the bundles give it: its quotas (one, when they agree), threshold set, rows, and why it could not be ranked.</summary>
    private sealed class DerivedFormation(string code)
    {
        public string Code { get; } = code;

        public SortedSet<int> Quotas { get; } = [];

        public ThresholdSet? Set { get; set; }

        public List<DerivedRow> Rows { get; } = [];

        public List<string> Problems { get; } = [];
    }

    /// <summary>One finished attempt in a bundle: the bundle, its rebuilt rules, the candidate's row and the session's end.</summary>
    private sealed record Sitting(GivenBundle From, BundleMaterials Materials, BundleCandidate Candidate, DateTimeOffset EndedAt)
    {
        public string Session => From.Bundle.Session.Code;
    }

    /// <summary>A bundle session's end; a session without one sorts last.</summary>
    private static DateTimeOffset EndedAt(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MaxValue;

    /// <summary>
    /// Every candidate of every bundle once: of their finished attempts (an <c>endedBy</c>) the first
    /// by the session's <c>endedAt</c>, then session code, that was not absent counts (the first
    /// attempt when all were absent); the others only count in <c>finishedAttempts</c>. Then each
    /// formation ranked with <see cref="Ranking.Rank"/> under the threshold set the bundles carry.
    /// </summary>
    private static Dictionary<string, DerivedFormation> Derive(List<GivenBundle> used)
    {
        var formations = new Dictionary<string, DerivedFormation>(StringComparer.Ordinal);
        DerivedFormation Of(string code) => formations.TryGetValue(code, out var f) ? f : formations[code] = new DerivedFormation(code);
        var sittings = new List<Sitting>();
        foreach (var b in used)
        {
            var m = BundleMaterials.Load(b.Bundle);
            var endedAt = EndedAt(b.Bundle.Session.EndedAt);
            foreach (var c in b.Bundle.Candidates)
            {
                Of(c.Formation.Code).Quotas.Add(c.Formation.Quota);
                if (c.EndedBy is not null)
                {
                    sittings.Add(new Sitting(b, m, c, endedAt));
                }
            }
        }
        var counted = sittings.GroupBy(s => s.Candidate.ParticipantNumber, StringComparer.Ordinal).Select(g =>
        {
            var ordered = g.OrderBy(s => s.EndedAt).ThenBy(s => s.Session, StringComparer.Ordinal).ToList();
            var first = ordered.FirstOrDefault(s => s.Candidate.EndedBy != Unranked.Absent) ?? ordered[0];
            return (Sitting: first, Attempts: ordered.Count(s => s.Candidate.EndedBy != Unranked.Absent));
        });
        foreach (var group in counted.GroupBy(c => c.Sitting.Candidate.Formation.Code, StringComparer.Ordinal))
        {
            Rank(Of(group.Key), [.. group.OrderBy(c => c.Sitting.Candidate.ParticipantNumber, StringComparer.Ordinal)]);
        }
        return formations;
    }

    private static void Rank(DerivedFormation f, List<(Sitting Sitting, int Attempts)> counted)
    {
        var scored = counted.Where(c => !Unranked.Is(c.Sitting.Candidate.EndedBy)).ToList();
        var sets = scored.GroupBy(c => c.Sitting.Materials.Thresholds.Code, StringComparer.Ordinal).ToList();
        if (sets.Count > 1)
        {
            f.Problems.Add($"peserta dinilai dengan ambang batas yang berbeda ({string.Join(", ", sets.Select(s => $"{s.Key} di sesi {string.Join("/", s.Select(c => c.Sitting.Session).Distinct())}"))}); satu formasi diperingkat dengan satu ambang batas");
            return;
        }
        if (f.Quotas.Count > 1)
        {
            f.Problems.Add($"kuota formasi berbeda antar bundel ({string.Join(", ", f.Quotas)}); satu formasi punya satu kuota");
            return;
        }
        if (sets.Count == 1)
        {
            var set = scored[0].Sitting.Materials.Thresholds;
            f.Set = set;
            var contestants = new List<Contestant>();
            foreach (var (s, _) in scored)
            {
                var c = s.Candidate;
                var category = set.CategoryIndex(c.Category);
                var card = c.Scores is null ? null : BundleVerifier.Card(s.Materials, c.Scores, new Place()) is (var k, null) ? k : null;
                if (category < 0 || card is null)
                {
                    f.Problems.Add($"peserta {c.ParticipantNumber} (sesi {s.Session}): " + (category < 0 ? $"kategori '{c.Category}' tidak ada di ambang batas {set.Code}" : "nilai tidak lengkap") + "; tidak dapat diperingkat");
                    continue;
                }
                contestants.Add(new Contestant(c.ParticipantNumber, 0, category, [.. card.Subtests]));
            }
            if (f.Problems.Count > 0)
            {
                return;
            }
            var position = counted.Select(c => c.Sitting.Candidate.Formation.Position).FirstOrDefault(p => p is not null);
            RankedRow[] ranked;
            try
            {
                ranked = Ranking.Rank(set, [new FormationQuota(f.Code, f.Quotas.Min, position)], contestants);
            }
            catch (ArgumentException e)
            {
                f.Problems.Add($"tidak dapat diperingkat: {e.Message}");
                return;
            }
            var subtests = set.Blueprint.Subtests;
            foreach (var r in ranked)
            {
                var (s, attempts) = scored[r.Contestant];
                var values = contestants[r.Contestant].Scores;
                f.Rows.Add(new DerivedRow(s.Candidate.ParticipantNumber, set.Categories[contestants[r.Contestant].Category].Code, r.Passed ? r.Rank : null,
                    subtests.Select((x, i) => (x.Code, values[i])).ToDictionary(x => x.Code, x => x.Item2, StringComparer.Ordinal), values.Sum(),
                    r.Passed, r.Advances, Unranked.Outcome(s.Candidate.EndedBy, r.Passed), attempts, s.Session));
            }
        }
        foreach (var (s, attempts) in counted.Where(c => Unranked.Is(c.Sitting.Candidate.EndedBy)))
        {
            f.Rows.Add(new DerivedRow(s.Candidate.ParticipantNumber, s.Candidate.Category, null, null, null, false, false,
                Unranked.Outcome(s.Candidate.EndedBy, passed: false), attempts, s.Session));
        }
    }

    private static void CompareFormations(
        NationalPublicationFile publication, Dictionary<string, DerivedFormation> derived, List<(PublishedBundle Entry, string Why)> unavailable,
        IReadOnlyList<GivenBundle> given, List<NationalCheck> checks)
    {
        for (var i = 0; i < publication.Formations.Count; i++)
        {
            var pf = publication.Formations[i];
            var at = $"formations[{i}] ({pf.Code})";
            var details = new List<string>();
            var df = derived.GetValueOrDefault(pf.Code);
            var own = pf.Rows.Select((r, k) => (Row: r, Index: k)).Where(x => x.Row.FromFormation is null).ToList();
            var missing = 0;
            if (df is { Problems.Count: > 0 })
            {
                details.AddRange(df.Problems.Select(p => $"{at}: {p}"));
            }
            else
            {
                if (df is { Quotas.Count: 1 } && df.Quotas.Min != pf.Quota)
                {
                    details.Add($"{at}.quota: bundel {df.Quotas.Min}, publikasi {pf.Quota}");
                }
                if (df?.Set?.Code is { } code && code != pf.ThresholdSet)
                {
                    details.Add($"{at}.thresholdSet: bundel {code}, publikasi {pf.ThresholdSet ?? "null"}");
                }
                var rows = df?.Rows.ToDictionary(r => r.ParticipantNumber, StringComparer.Ordinal) ?? [];
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (row, k) in own)
                {
                    var place = $"{at}.rows[{k}] ({row.ParticipantNumber})";
                    if (!seen.Add(row.ParticipantNumber))
                    {
                        details.Add($"{place}: peserta tercantum lebih dari sekali di formasi ini");
                    }
                    else if (rows.TryGetValue(row.ParticipantNumber, out var d))
                    {
                        Compare(place, d, row, details);
                    }
                    else
                    {
                        missing++;
                        details.Add($"{place}: tidak ada di bundel yang disebut publikasi dan diberikan (sebagai peserta formasi ini yang selesai ujian)");
                    }
                }
                details.AddRange(rows.Values.Where(d => !seen.Contains(d.ParticipantNumber)).OrderBy(d => d.ParticipantNumber, StringComparer.Ordinal)
                    .Select(d => $"{at}: peserta {d.ParticipantNumber} (sesi {d.Session}, {d.Outcome}) ada di bundel, tetapi tidak ada barisnya di publikasi"));
            }
            var sessions = df?.Rows.Select(r => r.Session).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];
            if (details.Count == 0)
            {
                checks.Add(new NationalCheck($"formasi {pf.Code}", NationalStatus.Ok,
                    $"{own.Count} baris diturunkan ulang dari bundel sesi {string.Join(", ", sessions)} (ambang batas {pf.ThresholdSet ?? "-"}, kuota {pf.Quota}); "
                    + "peringkat, lulus, lolos SKB, hasil, nilai, total, kategori dan jumlah ujian sama", []));
                continue;
            }
            var summary = $"{details.Count} selisih";
            if (missing > 0 && unavailable.Count > 0)
            {
                var restsOn = unavailable.Where(u => given.Any(b => b.Bundle.Session.Code == u.Entry.Session && b.Bundle.Candidates.Any(c => c.Formation.Code == pf.Code))).ToList();
                summary += $"; {missing} baris tidak dapat diturunkan ulang: formasi ini {(restsOn.Count > 0 ? "" : "mungkin ")}bertumpu pada "
                    + string.Join(", ", (restsOn.Count > 0 ? restsOn : unavailable).Select(u => $"{Named(u.Entry)}, yang bundelnya {u.Why}"));
            }
            checks.Add(new NationalCheck($"formasi {pf.Code}", NationalStatus.Failed, summary, details));
        }
        var published = publication.Formations.Select(f => f.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var f in derived.Values.Where(f => f.Rows.Count > 0 && !published.Contains(f.Code)).OrderBy(f => f.Code, StringComparer.Ordinal))
        {
            checks.Add(new NationalCheck($"formasi {f.Code}", NationalStatus.Failed,
                $"{f.Rows.Count} peserta formasi ini selesai ujian di bundel sesi {string.Join(", ", f.Rows.Select(r => r.Session).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}, tetapi formasinya tidak ada di publikasi",
                [.. f.Rows.Take(MaxDetails).Select(r => $"peserta {r.ParticipantNumber} (sesi {r.Session}, {r.Outcome})")]));
        }
    }

    /// <summary>Each field of a published row against its re-derived one.</summary>
    private static void Compare(string place, DerivedRow d, NationalResultRow row, List<string> details)
    {
        void Field<T>(string name, T expected, T actual, Func<T, string> text)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                details.Add($"{place}.{name}: dari bundel {text(expected)}, publikasi {text(actual)}");
            }
        }
        Field("rank", d.Rank, row.Rank, Number);
        Field("passed", d.Passed, row.Passed, Bool);
        Field("advances", d.Advances, row.Advances, Bool);
        Field("outcome", d.Outcome, row.Outcome, s => s);
        Field("total", d.Total, row.Total, Number);
        Field("scores", SessionLedger.ScoresText(d.Scores), SessionLedger.ScoresText(row.Scores), s => s ?? "kosong");
        Field("category", d.Category, row.Category, s => s);
        Field("finishedAttempts", d.FinishedAttempts, row.FinishedAttempts, v => v.ToString(CultureInfo.InvariantCulture)
            + (v > 1 ? " (ujian lebih dari sekali; yang pertama dihitung)" : ""));
    }

    private static string Number(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "kosong";

    private static string Bool(bool b) => b ? "ya" : "tidak";
}
