namespace AsnCat.Scoring;

public sealed record FormationQuota(string Code, int Quota);

/// <summary>A candidate's SKD result: per-subtest scores in blueprint order.</summary>
public sealed record Contestant(string ParticipantNumber, int Formation, int Category, int[] Scores);

/// <summary>
/// One line of a ranking, in output order. <see cref="Rank"/> is 0 for a candidate who did
/// not pass (not ranked).
/// </summary>
public readonly record struct RankedRow(int Contestant, int Rank, bool Passed, bool Advances);

/// <summary>
/// Ranking per formation: only passers are ranked; total descending, then the threshold
/// set's tie-breaks (TKP, TIU, TWK); candidates equal on all share a rank (competition
/// ranking 1, 2, 2, 4) and are listed by participant number (ordinal); a passer advances
/// when rank &lt;= multiple x quota, so everyone tied with the last place advances.
/// Output: formations by code (ordinal); in each, passers by rank, then non-passers by
/// participant number.
/// </summary>
public static class Ranking
{
    public static RankedRow[] Rank(ThresholdSet thresholds, IReadOnlyList<FormationQuota> formations, IReadOnlyList<Contestant> contestants)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(formations);
        ArgumentNullException.ThrowIfNull(contestants);
        var bp = thresholds.Blueprint;
        var n = contestants.Count;

        // formations in code order
        var formationOrder = new int[formations.Count];
        var byCode = Enumerable.Range(0, formations.Count).OrderBy(f => formations[f].Code, StringComparer.Ordinal).ToArray();
        for (var i = 0; i < byCode.Length; i++)
        {
            formationOrder[byCode[i]] = i;
        }

        // the order of comparison: total, then tie-breaks; each as (score index, max)
        var keys = new List<(int Index, int Max)> { (-1, bp.MaxTotal) };
        keys.AddRange(thresholds.Ranking.TieBreak.Select(tb => thresholds.ScoreIndex(tb)).Select(i => (i, i < 0 ? bp.MaxTotal : bp.Subtests[i].MaxScore)));
        var bits = keys.Select(k => BitsFor(k.Max)).ToArray();
        var scoreBits = bits.Sum() + 1;                       // +1: the not-passed flag
        var formationBits = BitsFor(Math.Max(formations.Count - 1, 1));

        var passed = new bool[n];
        var totals = new int[n];
        var sortKeys = new ulong[n];
        var order = new int[n];
        var subtests = bp.Subtests.Count;
        for (var i = 0; i < n; i++)
        {
            var c = contestants[i];
            if (c.Scores.Length != subtests)
            {
                throw new ArgumentException($"peserta {c.ParticipantNumber}: {c.Scores.Length} nilai, kisi-kisi {bp.Code} punya {subtests} subtes", nameof(contestants));
            }
            if ((uint)c.Formation >= (uint)formations.Count || (uint)c.Category >= (uint)thresholds.Categories.Count)
            {
                throw new ArgumentException($"peserta {c.ParticipantNumber}: formasi atau kategori tidak dikenal", nameof(contestants));
            }
            var total = 0;
            for (var s = 0; s < subtests; s++)
            {
                var v = c.Scores[s];
                if (v < 0 || v > bp.Subtests[s].MaxScore)
                {
                    throw new ArgumentException($"peserta {c.ParticipantNumber}: nilai {bp.Subtests[s].Code} {v} di luar 0..{bp.Subtests[s].MaxScore}", nameof(contestants));
                }
                total += v;
            }
            totals[i] = total;
            passed[i] = thresholds.Passes(c.Category, c.Scores, total);
            order[i] = i;
            if (formationBits + scoreBits <= 64)
            {
                var key = (ulong)formationOrder[c.Formation];
                key = (key << 1) | (passed[i] ? 0UL : 1UL);
                for (var k = 0; k < keys.Count; k++)
                {
                    var v = keys[k].Index < 0 ? total : c.Scores[keys[k].Index];
                    key = (key << bits[k]) | (uint)(passed[i] ? keys[k].Max - v : 0);
                }
                sortKeys[i] = key;
            }
        }

        if (formationBits + scoreBits <= 64)
        {
            Array.Sort(sortKeys, order);
            // equal keys: same formation and, for passers, equal on every criterion -> participant number
            var start = 0;
            for (var i = 1; i <= n; i++)
            {
                if (i == n || sortKeys[i] != sortKeys[start])
                {
                    if (i - start > 1)
                    {
                        Array.Sort(order, start, i - start, Comparer<int>.Create((a, b) => string.CompareOrdinal(contestants[a].ParticipantNumber, contestants[b].ParticipantNumber)));
                    }
                    start = i;
                }
            }
        }
        else
        {
            Array.Sort(order, Comparer<int>.Create((a, b) => Compare(a, b)));
        }

        // ranks
        var rows = new RankedRow[n];
        int prev = -1, rank = 0, position = 0;
        for (var i = 0; i < n; i++)
        {
            var c = order[i];
            var f = contestants[c].Formation;
            if (prev < 0 || contestants[prev].Formation != f)
            {
                position = 0;
                rank = 0;
                prev = -1;
            }
            if (!passed[c])
            {
                rows[i] = new RankedRow(c, 0, false, false);
                continue;
            }
            position++;
            if (prev < 0 || CompareScores(prev, c) != 0)
            {
                rank = position;
            }
            prev = c;
            rows[i] = new RankedRow(c, rank, true, rank <= (long)thresholds.Ranking.AdvanceMultiple * formations[f].Quota);
        }
        return rows;

        int CompareScores(int a, int b)
        {
            foreach (var (index, _) in keys)
            {
                var va = index < 0 ? totals[a] : contestants[a].Scores[index];
                var vb = index < 0 ? totals[b] : contestants[b].Scores[index];
                if (va != vb)
                {
                    return vb.CompareTo(va);
                }
            }
            return 0;
        }

        int Compare(int a, int b)
        {
            var c = formationOrder[contestants[a].Formation].CompareTo(formationOrder[contestants[b].Formation]);
            if (c != 0)
            {
                return c;
            }
            c = passed[b].CompareTo(passed[a]);
            if (c != 0)
            {
                return c;
            }
            if (passed[a])
            {
                c = CompareScores(a, b);
                if (c != 0)
                {
                    return c;
                }
            }
            return string.CompareOrdinal(contestants[a].ParticipantNumber, contestants[b].ParticipantNumber);
        }
    }

    private static int BitsFor(int max) => max <= 0 ? 1 : 32 - int.LeadingZeroCount(max);
}
