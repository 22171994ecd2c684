using AsnCat.Scoring;
namespace AsnCat.Tool.Analysis;

/// <summary>
/// Classical item analysis of the answers of one or more sessions on one bank version
/// (docs/item-analysis.md gives every formula with a worked example). Items are analysed by id and
/// by ORIGINAL option, whatever position and shuffled order each candidate saw them in. An item's
/// statistics are over the candidates who saw it; "the subtest total" is the candidate's points on
/// the item's subtest. Pure: no I/O, no clock; the same input gives the same report.
/// </summary>
public static class ItemAnalysis
{
    /// <summary>Option slots per item in the counts: A..E, then "no answer".</summary>
    private const int Slots = Options.Count + 1;

    private const int Blank = Options.Count;

    public static AnalysisReport Analyze(AnalysisInput input, AnalysisRules rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        var bp = input.Blueprint;
        var n = input.Candidates.Count;
        var l = input.Positions;
        var m = input.Items.Count;
        var s = bp.Subtests.Count;
        var itemAt = input.ItemAt;
        var choice = input.Choice;
        var subtestOf = new int[m];
        var points = new int[m * Options.Count];
        for (var i = 0; i < m; i++)
        {
            subtestOf[i] = input.Items[i].Subtest;
            for (var o = 0; o < Options.Count; o++)
            {
                points[(i * Options.Count) + o] = input.Items[i].Points[o];
            }
        }

        // 1. every candidate's points per subtest
        var totals = new int[n * s];
        for (var c = 0; c < n; c++)
        {
            for (var p = 0; p < l; p++)
            {
                var k = (c * l) + p;
                var item = itemAt[k];
                if (choice[k] >= 0)
                {
                    totals[(c * s) + subtestOf[item]] += points[(item * Options.Count) + choice[k]];
                }
            }
        }

        // 2. per item: exposure, option counts, and the sums the correlation with the rest needs
        var exposure = new int[m];
        var counts = new int[m * Slots];
        var sx = new long[m];
        var sxx = new long[m];
        var sr = new long[m];
        var srr = new long[m];
        var sxr = new long[m];
        for (var c = 0; c < n; c++)
        {
            for (var p = 0; p < l; p++)
            {
                var k = (c * l) + p;
                var item = itemAt[k];
                int ch = choice[k];
                long x = ch >= 0 ? points[(item * Options.Count) + ch] : 0;
                long r = totals[(c * s) + subtestOf[item]] - x;
                exposure[item]++;
                counts[(item * Slots) + (ch >= 0 ? ch : Blank)]++;
                sx[item] += x;
                sxx[item] += x * x;
                sr[item] += r;
                srr[item] += r * r;
                sxr[item] += x * r;
            }
        }

        // 3. every item's answers in the order of its viewers' subtest totals, best first (ties: candidate order)
        var start = new int[m + 1];
        for (var i = 0; i < m; i++)
        {
            start[i + 1] = start[i] + exposure[i];
        }
        var ranked = new sbyte[start[m]];
        var cursor = (int[])start[..m].Clone();
        var from = 0;
        for (var t = 0; t < s; t++)
        {
            var to = from + bp.Subtests[t].Items;   // the subtest's positions in every set
            foreach (var c in ByTotalDescending(totals, n, s, t, bp.Subtests[t].MaxScore))
            {
                for (var k = (c * l) + from; k < (c * l) + to; k++)
                {
                    ranked[cursor[itemAt[k]]++] = choice[k];
                }
            }
            from = to;
        }

        // 4. the items
        var stats = new ItemStats[m];
        for (var i = 0; i < m; i++)
        {
            stats[i] = Item(input.Items[i], bp.Subtests[subtestOf[i]].Code, n, exposure[i], counts.AsSpan(i * Slots, Slots),
                ranked.AsSpan(start[i], exposure[i]), (sx[i], sxx[i], sr[i], srr[i], sxr[i]), rules.Flags);
        }

        // 5. the subtests
        var subtests = new SubtestStats[s];
        for (var t = 0; t < s; t++)
        {
            var spec = bp.Subtests[t];
            double sum = 0, sum2 = 0, itemVariances = 0;
            for (var c = 0; c < n; c++)
            {
                double x = totals[(c * s) + t];
                sum += x;
                sum2 += x * x;
            }
            for (var i = 0; i < m; i++)
            {
                if (subtestOf[i] == t && exposure[i] > 0)
                {
                    itemVariances += exposure[i] * Variance(exposure[i], sx[i], sxx[i]);
                }
            }
            var mean = n == 0 ? 0 : sum / n;
            var variance = n == 0 ? 0 : Math.Max(0, (sum2 / n) - (mean * mean));
            double? reliability = spec.Items < 2 || variance <= 0 ? null : spec.Items / (spec.Items - 1.0) * (1 - (itemVariances / n / variance));
            double? sem = reliability is { } rel && rel <= 1 ? Math.Sqrt(variance) * Math.Sqrt(1 - rel) : null;
            subtests[t] = new SubtestStats(spec.Code, spec.Scoring, spec.Items, spec.MaxScore, mean, Math.Sqrt(variance), reliability, sem);
        }

        var equality = EqualDifficulty.Judge(input, stats, rules.Equality);
        return new AnalysisReport(input.BankHash, bp.Code, input.Sessions, n, stats, subtests, equality, rules);
    }

    /// <summary>Candidates by their points on subtest <paramref name="t"/>, highest first; equal points keep candidate order (a counting sort).</summary>
    private static int[] ByTotalDescending(int[] totals, int n, int s, int t, int maxScore)
    {
        var top = maxScore;
        for (var c = 0; c < n; c++)
        {
            top = Math.Max(top, totals[(c * s) + t]);
        }
        var bucket = new int[top + 2];
        for (var c = 0; c < n; c++)
        {
            bucket[top - totals[(c * s) + t] + 1]++;
        }
        for (var b = 1; b < bucket.Length; b++)
        {
            bucket[b] += bucket[b - 1];
        }
        var order = new int[n];
        for (var c = 0; c < n; c++)
        {
            order[bucket[top - totals[(c * s) + t]]++] = c;
        }
        return order;
    }

    /// <summary>Population variance from n, the sum and the sum of squares.</summary>
    private static double Variance(int n, double sum, double sum2) => Math.Max(0, (sum2 / n) - ((sum / n) * (sum / n)));

    private static ItemStats Item(AnalysisItem item, string subtest, int candidates, int n, ReadOnlySpan<int> counts, ReadOnlySpan<sbyte> ranked,
        (long X, long XX, long R, long RR, long XR) sums, FlagRules rules)
    {
        var g = GroupSize(n, rules.GroupShare);
        Span<int> upper = stackalloc int[Slots];
        Span<int> lower = stackalloc int[Slots];
        upper.Clear();
        lower.Clear();
        long upperPoints = 0, lowerPoints = 0;
        for (var k = 0; k < g; k++)
        {
            int hi = ranked[k], lo = ranked[n - 1 - k];
            upper[hi >= 0 ? hi : Blank]++;
            lower[lo >= 0 ? lo : Blank]++;
            upperPoints += hi >= 0 ? item.Points[hi] : 0;
            lowerPoints += lo >= 0 ? item.Points[lo] : 0;
        }
        var options = new OptionStats[Slots];
        for (var o = 0; o < Slots; o++)
        {
            options[o] = new OptionStats(o == Blank ? '-' : Options.Letter(o), o == Blank ? 0 : item.Points[o], o == item.Key,
                Share(counts[o], n), Share(upper[o], g), Share(lower[o], g), counts[o]);
        }
        var max = item.MaxPoints;
        double? facility = n == 0 || max == 0 ? null : sums.X / ((double)n * max);
        double? discrimination = g == 0 || max == 0 ? null : (upperPoints - lowerPoints) / ((double)g * max);
        var cov = ((double)n * sums.XR) - ((double)sums.X * sums.R);
        var vx = ((double)n * sums.XX) - ((double)sums.X * sums.X);
        var vr = ((double)n * sums.RR) - ((double)sums.R * sums.R);
        double? r = vx > 0 && vr > 0 ? cov / Math.Sqrt(vx * vr) : null;
        double? mean = n == 0 ? null : sums.X / (double)n;

        var flags = new List<ItemConcern>();
        var dead = new List<char>();
        char? beating = null;
        var enough = n >= rules.MinimumExposure;
        if (enough)
        {
            if (item.Key is { } key && facility is { } f)
            {
                if (f > rules.TooEasyAbove)
                {
                    flags.Add(ItemConcern.TooEasy);
                }
                if (f < rules.TooHardBelow)
                {
                    flags.Add(ItemConcern.TooHard);
                }
            }
            if (r < rules.NegativeDiscriminationBelow)
            {
                flags.Add(ItemConcern.NegativeDiscrimination);
            }
            else if (r < rules.LowDiscriminationBelow)
            {
                flags.Add(ItemConcern.LowDiscrimination);
            }
            if (item.Key is { } k2)
            {
                dead.AddRange(options.Take(Options.Count).Where(o => !o.IsKey && o.Overall < rules.DeadDistractorBelow).Select(o => o.Letter));
                if (dead.Count > 0)
                {
                    flags.Add(ItemConcern.DeadDistractor);
                }
                var best = options.Take(Options.Count).Where(o => !o.IsKey).MaxBy(o => o.Upper)!;
                if (g > 0 && best.Upper > options[k2].Upper + rules.WrongKeyMargin)
                {
                    flags.Add(ItemConcern.WrongKey);
                    beating = best.Letter;
                }
            }
        }
        return new ItemStats(item, subtest, n, Share(n, candidates), g, facility, discrimination, r, mean, options, flags, dead, beating)
        {
            TooFewToFlag = !enough,
        };
    }

    /// <summary>Candidates in the upper group and in the lower group: share × n rounded half up, at least 1, at most half.</summary>
    public static int GroupSize(int n, double share) =>
        n < 2 ? 0 : Math.Clamp((int)Math.Round(share * n, MidpointRounding.AwayFromZero), 1, n / 2);

    private static double Share(int count, int of) => of == 0 ? 0 : count / (double)of;
}
