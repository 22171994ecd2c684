using AsnCat.Tool.Analysis;

namespace AsnCat.Tests;

/// <summary>Compares AsnCat.Tool's item analysis with <see cref="AnalysisReference"/>, number by number.</summary>
internal static class AnalysisComparison
{
    private const double Tolerance = 1e-9;

    /// <summary>Every item, option, flag, subtest and expected score agrees; returns how many items were compared.</summary>
    public static int AssertSame(AnalysisReport report, AnalysisReference.Result expected)
    {
        Assert.Equal(expected.Candidates, report.Candidates);
        var compared = 0;
        foreach (var item in report.Items)
        {
            if (!expected.Items.TryGetValue(item.Id, out var e))
            {
                Assert.Equal(0, item.Exposure);
                continue;
            }
            compared++;
            Assert.Equal(e.Exposure, item.Exposure);
            Assert.Equal(e.Group, item.GroupSize);
            Near(e.Facility, item.Facility, item.Id + " fasilitas");
            Near(e.Discrimination, item.Discrimination, item.Id + " indeks daya beda");
            Near(e.PointBiserial, item.PointBiserial, item.Id + " point-biserial");
            for (var o = 0; o < 6; o++)
            {
                Near(e.Overall[o], item.Options[o].Overall, $"{item.Id} opsi {o} semua");
                Near(e.Upper[o], item.Options[o].Upper, $"{item.Id} opsi {o} atas");
                Near(e.Lower[o], item.Options[o].Lower, $"{item.Id} opsi {o} bawah");
            }
            Assert.True(e.Flags.SetEquals(item.Flags.Select(f => f.Code())),
                $"{item.Id}: tanda {string.Join(",", item.Flags.Select(f => f.Code()))}, rujukan {string.Join(",", e.Flags)}");
        }
        Assert.Equal(expected.Items.Count, compared);
        foreach (var s in report.Subtests)
        {
            var e = expected.Subtests[s.Code];
            Near(e.Reliability, s.Reliability, s.Code + " reliabilitas");
            Near(e.Sem, s.StandardError, s.Code + " SEM");
            Near(e.Mean, s.Mean, s.Code + " rata-rata");
            Near(e.Sd, s.StandardDeviation, s.Code + " simpangan baku");
        }
        foreach (var c in report.Equality.Candidates)
        {
            Near(expected.ExpectedTotals[c.Candidate.ParticipantNumber], c.Total, c.Candidate.ParticipantNumber + " nilai harapan");
        }
        return compared;
    }

    private static void Near(double? expected, double? actual, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: rujukan {expected}, alat {actual}");
        if (expected is { } e && actual is { } a)
        {
            Assert.True(Math.Abs(e - a) <= Tolerance * Math.Max(1, Math.Abs(e)), $"{what}: rujukan {e}, alat {a}");
        }
    }
}
