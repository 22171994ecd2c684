namespace AsnCat.Scoring;

/// <summary>
/// A candidate in the integrated final ranking: SKD scores (blueprint order), SKB score in
/// thousandths of a point (0..100000, i.e. 0..100 with three decimals), IPK in hundredths
/// (e.g. 350 = 3.50) and birth date, both optional.
/// </summary>
public sealed record FinalCandidate(string ParticipantNumber, int Formation, int[] Skd, int SkbThousandths, int? IpkHundredths, DateOnly? BirthDate);

public readonly record struct FinalRow(int Candidate, int Rank, decimal FinalScore, bool WithinQuota);

/// <summary>
/// The integrated final score: SKD weight x SKD/max x 100 + SKB weight x SKB, in percent
/// weights (40/60). Compared exactly as the integer
/// <c>skdWeight*SKD*100000 + skbWeight*SKB_thousandths*maxSKD</c> (= final x maxSKD x 100000),
/// so no rounding can decide a rank; the decimal shown is that value rounded to 3 places.
/// Tie-break chain from the threshold set (skd_total, TKP, TIU, TWK, ipk, older); candidates
/// still equal share a rank and are listed by participant number.
/// </summary>
public static class FinalRanking
{
    public const string SkdTotal = "skd_total";
    public const string Ipk = "ipk";
    public const string Older = "older";

    public static long ExactKey(FinalRule rule, int skdTotal, int skdMax, int skbThousandths)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return ((long)rule.SkdWeight * skdTotal * 100_000) + ((long)rule.SkbWeight * skbThousandths * skdMax);
    }

    public static decimal Score(FinalRule rule, int skdTotal, int skdMax, int skbThousandths) =>
        Math.Round(ExactKey(rule, skdTotal, skdMax, skbThousandths) / (skdMax * 100_000m), 3, MidpointRounding.AwayFromZero);

    public static FinalRow[] Rank(ThresholdSet thresholds, IReadOnlyList<FormationQuota> formations, IReadOnlyList<FinalCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(formations);
        ArgumentNullException.ThrowIfNull(candidates);
        var rule = thresholds.Final ?? throw new ArgumentException($"ambang batas {thresholds.Code} tidak memiliki aturan nilai akhir (final): seleksi ini tidak punya tahap SKB", nameof(thresholds));
        var max = thresholds.Blueprint.MaxTotal;
        var n = candidates.Count;
        var exact = new long[n];
        var skd = new int[n];
        for (var i = 0; i < n; i++)
        {
            var c = candidates[i];
            if (c.SkbThousandths is < 0 or > 100_000)
            {
                throw new ArgumentException($"peserta {c.ParticipantNumber}: nilai SKB di luar 0..100", nameof(candidates));
            }
            if ((uint)c.Formation >= (uint)formations.Count)
            {
                throw new ArgumentException($"peserta {c.ParticipantNumber}: formasi tidak dikenal", nameof(candidates));
            }
            skd[i] = c.Skd.Sum();
            exact[i] = ExactKey(rule, skd[i], max, c.SkbThousandths);
        }
        var chain = rule.TieBreak.Select(Criterion).ToArray();
        var formationOrder = new int[formations.Count];
        var byCode = Enumerable.Range(0, formations.Count).OrderBy(f => formations[f].Code, StringComparer.Ordinal).ToArray();
        for (var i = 0; i < byCode.Length; i++)
        {
            formationOrder[byCode[i]] = i;
        }
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = formationOrder[candidates[a].Formation].CompareTo(formationOrder[candidates[b].Formation]);
            if (c == 0)
            {
                c = CompareMerit(a, b);
            }
            return c != 0 ? c : string.CompareOrdinal(candidates[a].ParticipantNumber, candidates[b].ParticipantNumber);
        });
        var rows = new FinalRow[n];
        int prev = -1, rank = 0, position = 0;
        for (var i = 0; i < n; i++)
        {
            var c = order[i];
            var f = candidates[c].Formation;
            if (prev < 0 || candidates[prev].Formation != f)
            {
                position = 0;
                prev = -1;
            }
            position++;
            if (prev < 0 || CompareMerit(prev, c) != 0)
            {
                rank = position;
            }
            prev = c;
            rows[i] = new FinalRow(c, rank, Score(rule, skd[c], max, candidates[c].SkbThousandths), rank <= formations[f].Quota);
        }
        return rows;

        // negative when a ranks before b
        int CompareMerit(int a, int b)
        {
            var c = exact[b].CompareTo(exact[a]);
            foreach (var criterion in chain)
            {
                if (c != 0)
                {
                    return c;
                }
                c = criterion(a, b);
            }
            return c;
        }

        Func<int, int, int> Criterion(string name) => name switch
        {
            SkdTotal => (a, b) => skd[b].CompareTo(skd[a]),
            Ipk => (a, b) => (candidates[b].IpkHundredths ?? -1).CompareTo(candidates[a].IpkHundredths ?? -1),
            Older => (a, b) => (candidates[a].BirthDate ?? DateOnly.MaxValue).CompareTo(candidates[b].BirthDate ?? DateOnly.MaxValue),
            _ => thresholds.ScoreIndex(name) is var s and >= 0
                ? (a, b) => candidates[b].Skd[s].CompareTo(candidates[a].Skd[s])
                : (a, b) => skd[b].CompareTo(skd[a]),
        };
    }
}
