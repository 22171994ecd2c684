namespace AsnCat.Scoring;

/// <summary>A formation to rank: its code, quota and position (jabatan; only per-position thresholds read it).</summary>
public sealed record FormationQuota(string Code, int Quota, string? Position = null);

/// <summary>A candidate's result: per-subtest scores in blueprint order.</summary>
public sealed record Contestant(string ParticipantNumber, int Formation, int Category, int[] Scores);

/// <summary>
/// One line of a ranking, in output order. <see cref="Rank"/> is 0 for a candidate who did
/// not pass (not ranked).
/// </summary>
public readonly record struct RankedRow(int Contestant, int Rank, bool Passed, bool Advances);

/// <summary>
/// Ranking per formation: only passers are ranked; total descending, then the threshold
/// set's tie-breaks (SKD: TKP, TIU, TWK; a tie-break may add subtests up, e.g. PPPK's
/// MANAJERIAL+SOSIOKULTURAL); candidates equal on all share a rank (competition
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

        // the order of comparison: total, then tie-breaks; each as (subtests added up, max)
        var keys = new List<(int[] Terms, int Max)> { ([], bp.MaxTotal) };
        keys.AddRange(thresholds.Ranking.TieBreak.Select(thresholds.Terms).Select(t => (t, thresholds.MaxOf(t))));
        var positionOf = formations.Select(f => thresholds.PositionIndex(f.Position)).ToArray();
        var bits = keys.Select(k => BitsFor(k.Max)).ToArray();
        var scoreBits = bits.Sum() + 1;                       // +1: the not-passed flag

        var people = contestants as Contestant[] ?? [.. contestants];
        var passed = new bool[n];
        var totals = new int[n];
        var packed = scoreBits <= 64;
        var scoreKeys = new ulong[n];
        var subtests = bp.Subtests.Count;
        var perFormation = new int[formations.Count + 1];
        for (var i = 0; i < n; i++)
        {
            var c = people[i];
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
            if (positionOf[c.Formation] < 0 && thresholds.NeedsPosition(c.Category))
            {
                throw new ArgumentException($"formasi {formations[c.Formation].Code}: {thresholds.MissingPosition(formations[c.Formation].Position)}", nameof(formations));
            }
            passed[i] = thresholds.Passes(c.Category, c.Scores, total, positionOf[c.Formation]);
            perFormation[formationOrder[c.Formation] + 1]++;
            if (packed)
            {
                // passers: (0, max - score...) so better sorts first; non-passers: one key, after all passers
                var key = passed[i] ? 0UL : 1UL;
                for (var k = 0; k < keys.Count; k++)
                {
                    var v = ThresholdSet.Value(keys[k].Terms, c.Scores, total);
                    key = (key << bits[k]) | (uint)(passed[i] ? keys[k].Max - v : 0);
                }
                scoreKeys[i] = key;
            }
        }

        // bucket by formation (counting sort, stable), then sort each formation by key;
        // equal keys (ties, and all non-passers) by participant number
        for (var f = 0; f < formations.Count; f++)
        {
            perFormation[f + 1] += perFormation[f];
        }
        var order = new int[n];
        var sortedKeys = new ulong[n];
        var next = perFormation[..^1];
        for (var i = 0; i < n; i++)
        {
            var at = next[formationOrder[people[i].Formation]]++;
            order[at] = i;
            sortedKeys[at] = scoreKeys[i];
        }
        var byParticipant = Comparer<int>.Create((a, b) => string.CompareOrdinal(people[a].ParticipantNumber, people[b].ParticipantNumber));
        var byMerit = Comparer<int>.Create((a, b) => Compare(a, b));
        for (var f = 0; f < formations.Count; f++)
        {
            int from = perFormation[f], to = perFormation[f + 1];
            if (to - from < 2)
            {
                continue;
            }
            if (!packed)
            {
                Array.Sort(order, from, to - from, byMerit);
                continue;
            }
            Array.Sort(sortedKeys, order, from, to - from);
            var run = from;
            for (var i = from + 1; i <= to; i++)
            {
                if (i == to || sortedKeys[i] != sortedKeys[run])
                {
                    if (i - run > 1)
                    {
                        Array.Sort(order, run, i - run, byParticipant);
                    }
                    run = i;
                }
            }
        }

        // ranks: a passer's rank is 1 + the passers strictly ahead in its formation; reads
        // only the sorted arrays (sequential), formation by formation
        var rows = new RankedRow[n];
        for (var fo = 0; fo < formations.Count; fo++)
        {
            int from = perFormation[fo], to = perFormation[fo + 1];
            if (from == to)
            {
                continue;
            }
            var limit = (long)thresholds.Ranking.AdvanceMultiple * formations[byCode[fo]].Quota;
            int rank = 0, position = 0, prev = -1;
            for (var i = from; i < to; i++)
            {
                var c = order[i];
                if (!passed[c])
                {
                    rows[i] = new RankedRow(c, 0, false, false);
                    continue;
                }
                position++;
                if (prev < 0 || (packed ? sortedKeys[i] != sortedKeys[i - 1] : CompareScores(prev, c) != 0))
                {
                    rank = position;
                }
                prev = c;
                rows[i] = new RankedRow(c, rank, true, rank <= limit);
            }
        }
        return rows;

        int CompareScores(int a, int b)
        {
            foreach (var (terms, _) in keys)
            {
                var va = ThresholdSet.Value(terms, people[a].Scores, totals[a]);
                var vb = ThresholdSet.Value(terms, people[b].Scores, totals[b]);
                if (va != vb)
                {
                    return vb.CompareTo(va);
                }
            }
            return 0;
        }

        // within one formation: passers first, by merit, then participant number
        int Compare(int a, int b)
        {
            var c = passed[b].CompareTo(passed[a]);
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
            return string.CompareOrdinal(people[a].ParticipantNumber, people[b].ParticipantNumber);
        }
    }

    private static int BitsFor(int max) => max <= 0 ? 1 : 32 - int.LeadingZeroCount(max);
}
