using System.Text.Json;

namespace AsnCat.Tests;

/// <summary>
/// A second, deliberately simple computation of the item analysis (docs/item-analysis.md), written
/// straight from the formulas with plain loops over the raw JSON of a result bundle with keys: no
/// code of AsnCat.Tool or AsnCat.Scoring, two-pass means and variances where the tool uses running
/// sums, a sort by comparison where the tool uses a counting sort. The tests compare the tool with it.
/// </summary>
internal static class AnalysisReference
{
    /// <summary>The thresholds of question-banks/analysis/flags.yaml, as the reference takes them.</summary>
    public sealed record Thresholds(double Group = 0.27, int MinimumExposure = 20, double TooEasy = 0.90, double TooHard = 0.20,
        double Low = 0.20, double Negative = 0.00, double Dead = 0.05, double WrongKeyMargin = 0.00);

    public sealed record Item(string Id, int Exposure, double? Facility, double? Discrimination, double? PointBiserial,
        double[] Overall, double[] Upper, double[] Lower, SortedSet<string> Flags, int Group);

    public sealed record Subtest(string Code, double? Reliability, double? Sem, double Mean, double Sd);

    public sealed record Result(Dictionary<string, Item> Items, Dictionary<string, Subtest> Subtests, Dictionary<string, double> ExpectedTotals, int Candidates);

    private sealed record Seen(string Number, int Total, int Choice, int Points);

    /// <param name="subtests">Every subtest's code, in exam order, with its points for a correct answer (0 for weighted) and items per candidate.</param>
    public static Result Compute(string bundlePath, (string Code, int CorrectPoints, int Items)[] subtests, Thresholds t)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(bundlePath));
        var root = doc.RootElement;
        // the bank: subtest, key or weights of every item
        var subtestOf = new Dictionary<string, string>();
        var key = new Dictionary<string, int>();
        var weights = new Dictionary<string, int[]>();
        foreach (var it in root.GetProperty("bank").GetProperty("items").EnumerateArray())
        {
            var id = it.GetProperty("id").GetString()!;
            subtestOf[id] = it.GetProperty("subtest").GetString()!;
            if (it.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.String)
            {
                key[id] = a.GetString()![0] - 'A';
            }
            else
            {
                weights[id] = [.. it.GetProperty("weights").EnumerateArray().Select(w => w.GetInt32())];
            }
        }
        int Points(string id, int choice)
        {
            if (choice < 0)
            {
                return 0;
            }
            if (weights.TryGetValue(id, out var w))
            {
                return w[choice];
            }
            var correct = subtests.First(s => s.Code == subtestOf[id]).CorrectPoints;
            return choice == key[id] ? correct : 0;
        }
        int MaxPoints(string id) => weights.TryGetValue(id, out var w) ? w.Max() : subtests.First(s => s.Code == subtestOf[id]).CorrectPoints;

        // the candidates taken: a set, scores, not disqualified or absent
        var sheets = new List<(string Number, string[] Ids, int[] Choices)>();
        foreach (var c in root.GetProperty("candidates").EnumerateArray())
        {
            var ended = c.GetProperty("endedBy").ValueKind == JsonValueKind.String ? c.GetProperty("endedBy").GetString() : null;
            if (c.GetProperty("set").ValueKind != JsonValueKind.String || c.GetProperty("scores").ValueKind != JsonValueKind.Object
                || ended is "disqualified" or "absent")
            {
                continue;
            }
            var tokens = c.GetProperty("set").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ids = tokens.Select(x => x[..x.LastIndexOf(':')]).ToArray();
            var answers = c.GetProperty("answers").EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()![0] - 'A' : -1).ToArray();
            sheets.Add((c.GetProperty("participantNumber").GetString()!, ids, answers));
        }
        var n = sheets.Count;

        // subtest totals per candidate
        var totals = new Dictionary<(string Number, string Subtest), int>();
        foreach (var (number, ids, choices) in sheets)
        {
            foreach (var s in subtests)
            {
                var sum = 0;
                for (var p = 0; p < ids.Length; p++)
                {
                    if (subtestOf[ids[p]] == s.Code)
                    {
                        sum += Points(ids[p], choices[p]);
                    }
                }
                totals[(number, s.Code)] = sum;
            }
        }

        // who saw each item, with their subtest total and choice
        var seen = new Dictionary<string, List<Seen>>();
        foreach (var (number, ids, choices) in sheets)
        {
            for (var p = 0; p < ids.Length; p++)
            {
                if (!seen.TryGetValue(ids[p], out var list))
                {
                    seen[ids[p]] = list = [];
                }
                list.Add(new Seen(number, totals[(number, subtestOf[ids[p]])], choices[p], Points(ids[p], choices[p])));
            }
        }

        var items = new Dictionary<string, Item>();
        var variance = new Dictionary<string, double>();
        var meanPoints = new Dictionary<string, double>();
        foreach (var (id, viewers) in seen)
        {
            var count = viewers.Count;
            var max = MaxPoints(id);
            var xs = viewers.Select(v => (double)v.Points).ToList();
            var rest = viewers.Select(v => (double)(v.Total - v.Points)).ToList();
            var mx = xs.Average();
            var mr = rest.Average();
            meanPoints[id] = mx;
            variance[id] = xs.Sum(x => (x - mx) * (x - mx)) / count;
            var sxy = 0.0;
            var sxx = 0.0;
            var syy = 0.0;
            for (var k = 0; k < count; k++)
            {
                sxy += (xs[k] - mx) * (rest[k] - mr);
                sxx += (xs[k] - mx) * (xs[k] - mx);
                syy += (rest[k] - mr) * (rest[k] - mr);
            }
            double? r = sxx > 1e-12 && syy > 1e-12 ? sxy / Math.Sqrt(sxx * syy) : null;
            var ordered = viewers.OrderByDescending(v => v.Total).ThenBy(v => v.Number, StringComparer.Ordinal).ToList();
            var g = count < 2 ? 0 : Math.Min(Math.Max((int)Math.Floor((t.Group * count) + 0.5), 1), count / 2);
            var upper = ordered.Take(g).ToList();
            var lower = ordered.Skip(count - g).ToList();
            double Rate(List<Seen> group, int option) => group.Count == 0 ? 0 : group.Count(v => (option == 5 ? -1 : option) == v.Choice) / (double)group.Count;
            var overall = Enumerable.Range(0, 6).Select(o => Rate(viewers, o)).ToArray();
            var up = Enumerable.Range(0, 6).Select(o => Rate(upper, o)).ToArray();
            var low = Enumerable.Range(0, 6).Select(o => Rate(lower, o)).ToArray();
            double? d = g == 0 ? null : (upper.Sum(v => v.Points) - lower.Sum(v => v.Points)) / (double)(g * max);
            var facility = mx / max;

            var flags = new SortedSet<string>(StringComparer.Ordinal);
            if (count >= t.MinimumExposure)
            {
                var keyed = key.TryGetValue(id, out var k0);
                if (keyed && facility > t.TooEasy)
                {
                    flags.Add("terlalu_mudah");
                }
                if (keyed && facility < t.TooHard)
                {
                    flags.Add("terlalu_sulit");
                }
                if (r is { } rv && rv < t.Negative)
                {
                    flags.Add("daya_beda_negatif");
                }
                else if (r is { } rl && rl < t.Low)
                {
                    flags.Add("daya_beda_rendah");
                }
                if (keyed)
                {
                    for (var o = 0; o < 5; o++)
                    {
                        if (o != k0 && overall[o] < t.Dead)
                        {
                            flags.Add("distraktor_tidak_berfungsi");
                        }
                        if (o != k0 && g > 0 && up[o] > up[k0] + t.WrongKeyMargin)
                        {
                            flags.Add("kunci_mungkin_salah");
                        }
                    }
                }
            }
            items[id] = new Item(id, count, facility, d, r, overall, up, low, flags, g);
        }

        var subtestResults = new Dictionary<string, Subtest>();
        foreach (var s in subtests)
        {
            var xs = sheets.Select(c => (double)totals[(c.Number, s.Code)]).ToList();
            var mean = xs.Average();
            var varX = xs.Sum(x => (x - mean) * (x - mean)) / n;
            // the mean, over candidates, of the sum of their own items' variances
            var itemVar = sheets.Average(c => c.Ids.Where(id => subtestOf[id] == s.Code).Sum(id => variance[id]));
            double? rel = varX > 0 ? s.Items / (s.Items - 1.0) * (1 - (itemVar / varX)) : null;
            double? sem = rel is { } rv && rv <= 1 ? Math.Sqrt(varX * (1 - rv)) : null;
            subtestResults[s.Code] = new Subtest(s.Code, rel, sem, mean, Math.Sqrt(varX));
        }
        var expected = sheets.ToDictionary(c => c.Number, c => c.Ids.Sum(id => meanPoints[id]));
        return new Result(items, subtestResults, expected, n);
    }
}
